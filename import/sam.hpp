// AWS::Serverless::Function (SAM): the function itself, with Globals.Function filling properties it leaves out, and
// its Events of Type SQS, each becoming the event source mapping SAM generates (logical id <Function><Event>, the
// same id as in SAM's CloudFormation output, so both import to the same scenario).
#pragma once

#include <string>

#include "import/cfn_template.hpp"

namespace scenarios::import {

// The function (call in the first pass, with the template's queues and functions).
void read_sam_function(CfnTemplate& t, const std::string& id);
// Its SQS events (call once every queue and function is known, so ARNs can be matched to them).
void read_sam_events(CfnTemplate& t, const std::string& id);

}  // namespace scenarios::import
