// All-or-nothing outputs: files land in the destination only on commit; a failed write (a full disk) is reported and
// leaves the destination as it was.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "reports/output_folder.hpp"

namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fs::path scratch(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("sqsim-outputs-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(OutputFolder, NothingLandsBeforeTheCommitAndTheStagingFolderGoes) {
  const fs::path d = scratch("commit");
  {
    reports::OutputFolder out(d / "run");
    ASSERT_TRUE(out.write("summary.json", "{}"));
    EXPECT_FALSE(fs::exists(d / "run"));
    EXPECT_TRUE(fs::exists(out.staging() / "summary.json"));
    ASSERT_TRUE(out.commit());
  }
  EXPECT_EQ(read(d / "run/summary.json"), "{}");
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator()), 1);  // no .partial- left
  fs::remove_all(d);
}

TEST(OutputFolder, AnAbandonedRunLeavesTheOldSetUntouched) {
  const fs::path d = scratch("abandon");
  fs::create_directories(d / "run");
  std::ofstream(d / "run/summary.json") << "old";
  {
    reports::OutputFolder out(d / "run");
    ASSERT_TRUE(out.write("summary.json", "new"));
    // no commit: a failure later in the run
  }
  EXPECT_EQ(read(d / "run/summary.json"), "old");
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator()), 1);
  fs::remove_all(d);
}

TEST(OutputFolder, ACommitIntoAFolderInUseReplacesTheRunsFilesOnly) {
  const fs::path d = scratch("in-use");
  fs::create_directories(d / "run");
  std::ofstream(d / "run/summary.json") << "old";
  std::ofstream(d / "run/messages.jsonl") << "old trace";
  std::ofstream(d / "run/notes.txt") << "the user's";
  {
    reports::OutputFolder out(d / "run");
    ASSERT_TRUE(out.write("summary.json", "new"));
    ASSERT_TRUE(out.commit());
  }
  EXPECT_EQ(read(d / "run/summary.json"), "new");
  EXPECT_FALSE(fs::exists(d / "run/messages.jsonl"));  // a previous run's: the folder holds one run's set
  EXPECT_EQ(read(d / "run/notes.txt"), "the user's");
  // The previous summary.json was exchanged into the staging folder, which went with it.
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator()), 1);
  fs::remove_all(d);
}

// A folder where an output belongs is never exchanged away: the commit fails and the folder and its files stay.
TEST(OutputFolder, AFolderNamedLikeAnOutputStays) {
  const fs::path d = scratch("folder-output");
  fs::create_directories(d / "run/metrics.csv");
  std::ofstream(d / "run/metrics.csv/keep.txt") << "the user's";
  {
    reports::OutputFolder out(d / "run");
    ASSERT_TRUE(out.write("metrics.csv", "new"));
    EXPECT_FALSE(out.commit());
  }
  EXPECT_EQ(read(d / "run/metrics.csv/keep.txt"), "the user's");
  fs::remove_all(d);
}

TEST(OutputFolder, AFullDiskIsAFailedWrite) {
  const fs::path d = scratch("full");
  reports::OutputFolder out(d / "run");
  fs::create_symlink("/dev/full", out.staging() / "metrics.csv");
  EXPECT_FALSE(out.write("metrics.csv", std::string(100000, 'x')));
  EXPECT_NE(out.error().find("disk full"), std::string::npos) << out.error();
  std::string error;
  EXPECT_FALSE(reports::write_file_atomically("/dev/full", "x", error));
  EXPECT_TRUE(fs::is_character_file("/dev/full"));  // written into, never replaced
  fs::remove_all(d);
}

TEST(OutputFolder, SameFileSeesThroughLinks) {
  const fs::path d = scratch("same");
  std::ofstream(d / "in.json") << "{}";
  fs::create_symlink(d / "in.json", d / "link.json");
  EXPECT_TRUE(reports::is_same_file(d / "link.json", {d / "other.json", d / "in.json"}));
  EXPECT_FALSE(reports::is_same_file(d / "out.json", {d / "in.json"}));
  fs::remove_all(d);
}

}  // namespace
