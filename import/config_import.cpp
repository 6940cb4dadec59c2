#include "import/config_import.hpp"

#include "loader/input_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "import/cloudformation.hpp"
#include "import/import_model.hpp"
#include "import/scenario_writer.hpp"
#include "import/source_document.hpp"
#include "import/terraform.hpp"

namespace scenarios {

namespace {

using nlohmann::json;

// The format from the content, not the file name: a plan has planned_values, a template has Resources.
std::string detect_format(const json& root, const std::string& file) {
  if (!root.is_object()) {
    throw std::runtime_error(
        file + ": $: got " + std::string(root.type_name()) +
        ", expected an object: a Terraform plan (terraform show -json) or a CloudFormation/SAM template");
  }
  if (import::is_terraform_plan(root)) return "terraform-plan";
  if (root.contains("values") && root.contains("format_version")) {
    throw std::runtime_error(file +
                             ": values: this is Terraform state, expected a plan with planned_values: run "
                             "`terraform show -json PLANFILE` on a saved plan");
  }
  if (root.contains("Resources")) {
    if (!root["Resources"].is_object())
      throw std::runtime_error(file + ": Resources: got " + std::string(root["Resources"].type_name()) +
                               ", expected a mapping of logical ids to resources");
    return import::is_sam_template(root) ? "sam" : "cloudformation";
  }
  throw std::runtime_error(file +
                           ": $: expected a Terraform plan (top-level planned_values) or a CloudFormation/SAM "
                           "template (top-level Resources)");
}

}  // namespace

ImportResult import_config_text(std::string_view text, const std::string& file_label) {
  const import::SourceDocument doc = import::parse_source_document(text, file_label);
  ImportResult result;
  result.source_format = detect_format(doc.root, file_label);
  import::ImportModel model;
  model.file = file_label;
  try {
    if (result.source_format == "terraform-plan") {
      import::read_terraform_plan(doc.root, model);
    } else {
      import::read_cloudformation(doc.root, model);
    }
    result.scenario = import::write_scenario(model, result.source_format);
  } catch (const json::exception& e) {
    // The readers check every shape before reading; reaching here is a bug, but never a crash for the user.
    throw std::runtime_error(file_label + ": $: unexpected content (" + std::string(e.what()) + ")");
  } catch (const std::logic_error& e) {
    throw std::runtime_error(file_label + ": $: unexpected content (" + std::string(e.what()) + ")");
  }
  result.warnings = std::move(model.warnings);
  return result;
}

ImportResult import_config_file(const std::string& path) {
  std::string why;
  const std::optional<std::string> text = scenarios::read_input_text(path, why);
  if (!text) throw std::runtime_error(path + ": $: " + why);
  return import_config_text(*text, path);
}

}  // namespace scenarios
