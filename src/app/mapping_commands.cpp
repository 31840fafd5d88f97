#include "app/mapping_commands.hpp"

#include "app/vendor_target.hpp"
#include "bridge/resource_service.hpp"
#include "mapping/connection_compile.hpp"
#include "mapping/dry_run.hpp"
#include "mapping/mapping_loader.hpp"
#include "app/mapping_with_extensions.hpp"
#include "scim/error.hpp"
#include "app/store_opening.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cctype>
#include <fstream>
#include <sstream>

namespace app {
namespace json = boost::json;

int validate_mappings(const std::vector<std::filesystem::path>& files, const std::filesystem::path& schemas_dir,
                      std::ostream& out, std::ostream& err)
{
    auto schemas = scim::schema_registry::load(schemas_dir);
    int status = 0;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            err << file.string() << ":1:1: cannot read the file\n";
            status = 1;
            continue;
        }
        std::ostringstream text;
        text << in.rdbuf();
        mapping::load_options options;
        options.any_parameter = true;
        auto result = load_mapping_with_extensions(text.str(), file.string(), options, schemas).result;
        if (result.errors.empty()) {
            out << file.string() << ": ok\n";
            continue;
        }
        status = 1;
        for (const auto& error : result.errors)
            err << error.to_string() << "\n";
    }
    return status;
}

namespace {

// Thrown by the dry-run backend once the vendor requests are known, so that
// the pipeline stops exactly where it would commit.
struct stop_before_commit {};

class dry_run_backend : public bridge::vendor_backend {
public:
    explicit dry_run_backend(std::shared_ptr<bridge::mapped_backend> inner) : inner_(std::move(inner)) {}

    boost::asio::awaitable<bridge::result<bridge::applied_change>> apply(const bridge::resource_change& change) override
    {
        auto applied = co_await inner_->apply(change);
        if (!applied)
            co_return std::move(applied).error();
        throw stop_before_commit{};
    }

private:
    std::shared_ptr<bridge::mapped_backend> inner_;
};

struct parsed_request {
    std::string method, type, id;
    json::value body;
};

parsed_request parse_request(std::string_view text)
{
    auto value = json::parse(text);
    if (!value.is_object())
        throw std::invalid_argument("the request must be a JSON object {\"method\", \"path\", \"body\"}");
    const auto& object = value.as_object();
    parsed_request request;
    const auto* method = object.if_contains("method");
    const auto* path = object.if_contains("path");
    if (!method || !method->is_string() || !path || !path->is_string())
        throw std::invalid_argument("the request needs \"method\" and \"path\" strings");
    request.method = std::string(method->as_string());
    for (auto& c : request.method)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string_view rest(path->as_string());
    while (rest.starts_with('/'))
        rest.remove_prefix(1);
    const auto slash = rest.find('/');
    const auto endpoint = rest.substr(0, slash);
    if (endpoint == "Users")
        request.type = "User";
    else if (endpoint == "Groups")
        request.type = "Group";
    else
        throw std::invalid_argument("the path must be /Users[/id] or /Groups[/id]");
    if (slash != std::string_view::npos)
        request.id = std::string(rest.substr(slash + 1));
    if (const auto* body = object.if_contains("body"))
        request.body = *body;
    const bool needs_id = request.method != "POST";
    if (needs_id == request.id.empty())
        throw std::invalid_argument(needs_id ? "the path must name the resource: /" + std::string(endpoint) + "/ID"
                                             : "POST goes to /" + std::string(endpoint));
    if ((request.method == "POST" || request.method == "PUT") && !request.body.is_object())
        throw std::invalid_argument(request.method + " needs a JSON object \"body\"");
    if (request.method != "POST" && request.method != "PUT" && request.method != "PATCH" &&
        request.method != "DELETE")
        throw std::invalid_argument("the method must be POST, PUT, PATCH or DELETE");
    return request;
}

boost::asio::awaitable<void> run_request(bridge::resource_service& service, const scim::resource_type& type,
                                         parsed_request request)
{
    // value() throws a refusal as the scim::error it is answered with, for
    // the report below.
    const auto scope = bridge::request_scope::unbounded("dry-run");
    if (request.method == "POST")
        (void)(co_await service.create(type, request.body.as_object(), scope)).value();
    else if (request.method == "PUT")
        (void)(co_await service.replace(type, request.id, request.body.as_object(), std::nullopt, scope)).value();
    else if (request.method == "PATCH")
        (void)(co_await service.patch(type, request.id, request.body, std::nullopt, scope)).value();
    else
        (co_await service.remove(type, request.id, std::nullopt, scope)).value();
}

} // namespace

int dry_run(const config::server_config& config, std::string_view target, std::string_view request_json,
            const std::filesystem::path& schemas_dir, std::ostream& out, std::ostream& err)
{
    const config::target_config* settings = nullptr;
    for (const auto& candidate : config.targets)
        if (candidate.name == target)
            settings = &candidate;
    if (!settings) {
        err << "dry-run: no target " << target << " in " << config.source_file.string() << "\n";
        return 2;
    }
    if (!settings->mapping) {
        err << "dry-run: target " << target << " is local (no mapping): it sends nothing to any vendor\n";
        return 2;
    }
    parsed_request request;
    try {
        request = parse_request(request_json);
    } catch (const std::exception& e) {
        err << "dry-run: " << e.what() << "\n";
        return 2;
    }

    auto schemas = scim::schema_registry::load(schemas_dir);
    auto mapped = load_mapped_target(*settings, schemas);
    const auto* type = (mapped.schemas ? mapped.schemas : schemas)->find_resource_type(request.type);
    if (!type) {
        err << "dry-run: the schemas define no " << request.type << "\n";
        return 2;
    }
    auto base = mapping::render_base_url(*mapped.mapping, mapped.parameters);
    const std::string base_url = base.error.empty() ? mapping::to_text(base.value) : "{base_url}";

    auto stores = open_store(config.store);
    std::vector<mapping::rendered_request> recorded;
    // Every request "succeeds" with an empty answer: what follows a create
    // uses a placeholder for the vendor id the vendor would have assigned.
    bridge::vendor_sender record = [&recorded](mapping::rendered_request rendered,
                                               bridge::request_scope) -> boost::asio::awaitable<connector::vendor_result> {
        connector::vendor_result result;
        result.response = connector::vendor_response{};
        result.response->status = rendered.method == "POST" ? 201 : 200;
        result.attempts = 1;
        recorded.push_back(std::move(rendered));
        co_return result;
    };
    auto backend = std::make_shared<bridge::mapped_backend>(mapped, std::move(record),
                                                            stores.correlations, nullptr,
                                                            bridge::mapped_backend_options{true});
    bridge::resource_service service({settings->name, config.public_url + "/scim/v2/" + settings->name,
                                      mapped.schemas ? mapped.schemas : schemas,
                                      stores.resources, std::make_shared<dry_run_backend>(backend), {}});

    std::exception_ptr failure;
    boost::asio::io_context io;
    boost::asio::co_spawn(io, run_request(service, *type, std::move(request)),
                          [&failure](std::exception_ptr e) { failure = e; });
    io.run();
    stores.close();

    int status = 0;
    try {
        if (failure)
            std::rethrow_exception(failure);
        out << "# no vendor request: the change is empty\n";
    } catch (const stop_before_commit&) {
        out << (recorded.empty() ? std::string("# no vendor request\n")
                                 : mapping::dry_run_auth(*mapped.mapping, mapped.parameters, mapped.secrets, base_url) +
                                       mapping::dry_run(recorded, base_url));
    } catch (const scim::error& e) {
        err << "dry-run: the bridge would answer " << e.status() << " "
            << (e.type() == scim::scim_type::none ? "" : std::string(scim::to_string(e.type())) + " ") << e.detail()
            << "\n";
        if (!recorded.empty())
            err << "after these vendor requests:\n" << mapping::dry_run(recorded, base_url);
        status = 1;
    }
    return status;
}

} // namespace app
