// The JSON Schema editors check mapping files against
// (schemas/mapping-file.schema.json): every key it knows has a description,
// which is what an editor's YAML extension shows on hover and completion.

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

void keys_without_description(const boost::json::value& node, const std::string& at, std::vector<std::string>& out)
{
    if (const auto* object = node.if_object()) {
        if (const auto* properties = object->if_contains("properties"); properties && properties->is_object())
            for (const auto& [key, schema] : properties->as_object())
                if (schema.is_object() && !schema.as_object().contains("description"))
                    out.push_back(at + "/properties/" + std::string(key));
        for (const auto& [key, child] : *object)
            keys_without_description(child, at + "/" + std::string(key), out);
    } else if (const auto* array = node.if_array()) {
        for (std::size_t i = 0; i < array->size(); ++i)
            keys_without_description((*array)[i], at + "/" + std::to_string(i), out);
    }
}

} // namespace

TEST_CASE("every key of the mapping-file JSON Schema has a description")
{
    std::ifstream in(std::string(SCIM_BRIDGE_SOURCE_DIR) + "/schemas/mapping-file.schema.json");
    REQUIRE(in);
    const auto schema = boost::json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
    std::vector<std::string> missing;
    keys_without_description(schema, "", missing);
    INFO((missing.empty() ? std::string() : missing.front()) << " and " << missing.size() << " in all");
    CHECK(missing.empty());
    // The top-level keys the loader accepts, parameters included.
    const auto& top = schema.at("properties").as_object();
    for (const char* key : {"version", "target", "parameters", "secrets", "connection", "errors", "async",
                            "extensions", "resources"})
        CHECK(top.contains(key));
}
