#include "bridge/vendor_record_fetch.hpp"

#include "bridge/vendor_failure.hpp"
#include "mapping/response_reader.hpp"

namespace bridge {

bool can_fetch(const mapping::resource_mapping& resource)
{
    return resource.find(mapping::operation::get) != nullptr;
}

boost::asio::awaitable<fetched_record> fetch_vendor_record(const mapped_target& target,
                                                           const mapping::resource_mapping* resource,
                                                           const vendor_sender& send, std::string vendor_id,
                                                           std::string request_id)
{
    mapping::render_input input;
    input.vendor_id = std::move(vendor_id);
    input.parameters = &target.parameters;
    input.secrets = target.secrets;
    auto rendered = mapping::render_operation(*target.mapping, *resource, mapping::operation::get, input);
    if (!rendered.ok())
        throw_render_failure(rendered);
    fetched_record out;
    for (auto& request : rendered.requests) {
        const auto* spec = request.spec;
        auto answer = co_await send(std::move(request), request_scope::unbounded(request_id));
        if (answer.outcome.kind == connector::outcome_kind::not_found)
            co_return fetched_record{};
        if (!answer.ok())
            throw_vendor_failure(answer, *target.mapping, resource);
        out.found = true;
        // The last request that returns a record is the one to read.
        if (spec && answer.response)
            if (auto record = mapping::read_record(spec->response, to_mapping_response(*answer.response)))
                out.record = std::move(record);
    }
    co_return out;
}

} // namespace bridge
