// `scim-bridge validate`: good files pass, every problem of a bad file is
// reported as file:line:column, and the binary exits 1 on errors.

#include "app/bridge_app.hpp"
#include "app/mapping_commands.hpp"
#include "vendor_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace {

const std::string example = std::string(SCIM_BRIDGE_SOURCE_DIR) + "/mappings/example-vendor.yaml";

// Two problems: a SCIM path the schemas do not know (line 8) and an unknown
// operation (line 10).
const char* broken =
    "version: 1\n"
    "target: t\n"
    "connection:\n"
    "  base_url: \"http://${param.host}\"\n"
    "  auth: {type: none}\n"
    "resources:\n"
    "  User:\n"
    "    attributes: [{field: x, scim: name.noSuchPart}]\n"
    "    operations:\n"
    "      frobnicate: {request: {method: GET, path: \"/u\"}}\n";

std::filesystem::path write(const std::filesystem::path& dir, const std::string& name, const std::string& text)
{
    std::ofstream(dir / name) << text;
    return dir / name;
}

} // namespace

TEST_CASE("validate accepts the example vendor mapping")
{
    std::ostringstream out, err;
    CHECK(app::validate_mappings({example}, app::default_schemas_dir(), out, err) == 0);
    CHECK(out.str() == example + ": ok\n");
    CHECK(err.str().empty());
}

TEST_CASE("validate reports every problem with file line and column")
{
    bridge_test::temp_directory dir;
    const auto bad = write(dir.path(), "bad.yaml", broken);
    std::ostringstream out, err;
    CHECK(app::validate_mappings({example, bad}, app::default_schemas_dir(), out, err) == 1);
    const auto text = err.str();
    INFO(text);
    CHECK(text.find(bad.string() + ":8:") != std::string::npos);
    CHECK(text.find(bad.string() + ":10:") != std::string::npos);
    CHECK(out.str() == example + ": ok\n");
}

TEST_CASE("validate of a missing file fails")
{
    std::ostringstream out, err;
    CHECK(app::validate_mappings({"/nonexistent/mapping.yaml"}, app::default_schemas_dir(), out, err) == 1);
    CHECK(err.str() == "/nonexistent/mapping.yaml:1:1: cannot read the file\n");
}

TEST_CASE("the validate verb exits 1 on errors and 0 on a good file")
{
    bridge_test::temp_directory dir;
    const auto bad = write(dir.path(), "bad.yaml", broken);
    const std::string binary = std::string(SCIM_BRIDGE_BINARY_DIR) + "/scim-bridge";
    const auto log = (dir.path() / "out.txt").string();
    const int good = std::system((binary + " validate " + example + " >" + log + " 2>&1").c_str());
    CHECK(WEXITSTATUS(good) == 0);
    const int failed = std::system((binary + " validate " + bad.string() + " >" + log + " 2>&1").c_str());
    CHECK(WEXITSTATUS(failed) == 1);
    std::ifstream in(log);
    const std::string text{std::istreambuf_iterator<char>(in), {}};
    CHECK(text.find(bad.string() + ":8:") != std::string::npos);
}

TEST_CASE("validate checks a mapping's own extension attributes and the paths that use them")
{
    bridge_test::temp_directory dir;
    // A file declaring badgeColour of `type`, mapping the path `path`.
    auto file = [&](const std::string& name, const std::string& type, const std::string& path) {
        return write(dir.path(), name,
                     "version: 1\n"
                     "target: t\n"
                     "connection:\n"
                     "  base_url: \"http://vendor.test\"\n"
                     "  auth: {type: none}\n"
                     "extensions:\n"
                     "  User:\n"
                     "    schema: \"urn:example:scim:acme:1.0:User\"\n"
                     "    attributes:\n"
                     "      - {name: badgeColour, type: " + type + "}\n"
                     "resources:\n"
                     "  User:\n"
                     "    attributes:\n"
                     "      - {field: badge, scim: 'urn:example:scim:acme:1.0:User:" + path + "'}\n"
                     "    operations:\n"
                     "      create: {request: {method: POST, path: /u}}\n");
    };
    std::ostringstream out, err;
    CHECK(app::validate_mappings({file("good.yaml", "string", "badgeColour")}, app::default_schemas_dir(), out,
                                 err) == 0);
    INFO(err.str());

    // An attribute type SCIM does not have.
    const auto bad_type = file("type.yaml", "colour", "badgeColour");
    std::ostringstream type_err;
    CHECK(app::validate_mappings({bad_type}, app::default_schemas_dir(), out, type_err) == 1);
    INFO(type_err.str());
    CHECK(type_err.str().find(bad_type.string() + ":10:") != std::string::npos);

    // A path to an attribute the extension does not declare.
    const auto bad_path = file("path.yaml", "string", "badgeSize");
    std::ostringstream path_err;
    CHECK(app::validate_mappings({bad_path}, app::default_schemas_dir(), out, path_err) == 1);
    INFO(path_err.str());
    CHECK(path_err.str().find(bad_path.string() + ":14:") != std::string::npos);
    CHECK(path_err.str().find("badgeSize") != std::string::npos);
}

TEST_CASE("validate checks ${param.…} against the parameters the file declares, duplicate keys and duplicate "
          "field mappings, each at its file:line:column")
{
    bridge_test::temp_directory dir;
    const auto file = write(dir.path(), "declared.yaml",
                            "version: 1\n"
                            "target: declared\n"
                            "parameters:\n"
                            "  baseUrl: \"scheme and host\"\n"
                            "connection:\n"
                            "  base_url: \"${param.baseUrl}/api/${param.tenant}\"\n"
                            "  auth: {type: bearer, token: \"t\"}\n"
                            "  auth: {type: none}\n"
                            "resources:\n"
                            "  User:\n"
                            "    attributes:\n"
                            "      - {field: name, scim: displayName}\n"
                            "      - {field: name, scim: nickName}\n"
                            "      - {field: login, scim: userName, direction: to_vendor, on: [create]}\n"
                            "      - {field: login, scim: userName, direction: from_vendor}\n"
                            "    operations:\n"
                            "      create: {request: {method: POST, path: /users}}\n");
    std::ostringstream out, err;
    CHECK(app::validate_mappings({file}, app::default_schemas_dir(), out, err) == 1);
    const auto text = err.str();
    INFO(text);
    const auto at = [&](const std::string& place) { return text.find(file.string() + ":" + place + ": "); };
    // ${param.tenant}: not declared (validate has no deployment, the file's list decides).
    CHECK(at("6:13") != std::string::npos);
    CHECK(text.find("unknown deployment parameter 'tenant', expected one of the declared parameters: baseUrl") !=
          std::string::npos);
    // The second `auth:` would be ignored by YAML.
    CHECK(at("8:3") != std::string::npos);
    CHECK(text.find("duplicate key 'auth' (first at line 7, column 3)") != std::string::npos);
    // `name` written twice; `login` written on create and read back once each: no conflict.
    CHECK(at("13:9") != std::string::npos);
    CHECK(text.find("vendor field 'name' is mapped twice (first at line 12, column 9), both written") !=
          std::string::npos);
    CHECK(text.find("'login'") == std::string::npos);
    CHECK(std::count(text.begin(), text.end(), '\n') == 3);

    // A file that declares no parameters takes any name under validate (the
    // target's configuration decides at start).
    const auto undeclared = write(dir.path(), "undeclared.yaml",
                                  "version: 1\n"
                                  "target: undeclared\n"
                                  "connection:\n"
                                  "  base_url: \"${param.baseUrl}/api/${param.tenant}\"\n"
                                  "  auth: {type: none}\n"
                                  "resources:\n"
                                  "  User:\n"
                                  "    operations:\n"
                                  "      create: {request: {method: POST, path: /users}}\n");
    std::ostringstream out2, err2;
    CHECK(app::validate_mappings({undeclared}, app::default_schemas_dir(), out2, err2) == 0);
    CHECK(err2.str().empty());
}
