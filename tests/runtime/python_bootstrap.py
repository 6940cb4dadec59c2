#!/usr/bin/env python3
"""A Lambda custom runtime in Python (standard library only), for sqsim's external-runtime test.

Implements partial batch failures: a record whose body is not JSON with a positive "amount" is reported in
batchItemFailures; a body "CRASH" makes the invocation fail (POST .../error). It keeps a count of records it has
seen, per process, to show that state lives as long as the simulated execution environment.
"""
import json
import os
import urllib.request

API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
seen = 0


def handle(event):
    global seen
    failures = []
    for record in event["Records"]:
        seen += 1
        body = record["body"]
        if body == "CRASH":
            raise RuntimeError("crash requested by the message")
        try:
            ok = float(json.loads(body).get("amount", 0)) > 0
        except (ValueError, AttributeError):
            ok = False
        if not ok:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}


def post(path, payload):
    req = urllib.request.Request(API + path, data=json.dumps(payload).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()


while True:
    try:
        with urllib.request.urlopen(API + "/invocation/next") as r:
            request_id = r.headers["Lambda-Runtime-Aws-Request-Id"]
            event = json.loads(r.read())
    except OSError:
        break  # the simulator is gone
    try:
        post("/invocation/" + request_id + "/response", handle(event))
    except Exception as e:  # noqa: BLE001 - any handler failure is an invocation error, as in Lambda's runtimes
        post("/invocation/" + request_id + "/error", {"errorMessage": str(e), "errorType": type(e).__name__})
