#include "bridge/vendor_listing.hpp"

#include "bridge/vendor_failure.hpp"
#include "mapping/connection_compile.hpp"
#include "mapping/page_link.hpp"
#include "mapping/response_reader.hpp"

#include <stdexcept>
#include <unordered_set>

namespace bridge {
namespace {

// Next-link paging: the page request goes where the vendor's link says,
// with the request's method, headers and body, but only to the vendor's
// own origin; a link elsewhere is never followed (it would carry our
// credentials to whoever wrote it into the answer).
void follow_link(const mapped_target& target, const std::string& page_target, const std::string& link,
                 mapping::rendered_request& request)
{
    const auto base = mapping::render_base_url(*target.mapping, target.parameters);
    auto followed = base.error.empty()
                        ? mapping::follow_page_link(mapping::to_text(base.value), page_target, link)
                        : mapping::followed_link{{}, "the connection's base URL: " + base.error};
    if (!followed.error.empty())
        throw failure_exception(
            failure{make_error_code(errc::vendor_failed), target.mapping->source + ": " + followed.error});
    request.path = std::move(followed.url);
    request.query.clear();
}

} // namespace

boost::asio::awaitable<vendor_listing> list_vendor_records(mapped_target target,
                                                           const mapping::resource_mapping* resource,
                                                           vendor_sender send, std::string request_id,
                                                           listing_observer on_page)
{
    const auto* list = resource->find(mapping::operation::list);
    if (!list)
        throw std::invalid_argument(target.mapping->source + " declares no 'list' operation for " + resource->type);
    vendor_listing out;
    std::unordered_set<std::string> seen;
    auto page = mapping::first_page(*list);
    std::string page_target;   // of the page that gave page.link
    for (;;) {
        mapping::render_input input;
        input.parameters = &target.parameters;
        input.secrets = target.secrets;
        input.page = page;
        auto rendered = mapping::render_operation(*target.mapping, *resource, mapping::operation::list, input);
        if (!rendered.ok())
            throw_render_failure(rendered);
        if (rendered.requests.empty())
            throw std::invalid_argument(target.mapping->source + ": the 'list' operation of " + resource->type +
                                        " has no request");
        if (!page.link.empty())
            follow_link(target, page_target, page.link, rendered.requests.back());
        page_target = rendered.requests.back().target();
        // The page is the answer of the list's (last) request.
        connector::vendor_result result;
        const mapping::request_spec* spec = nullptr;
        for (auto& request : rendered.requests) {
            spec = request.spec;
            result = co_await send(std::move(request), request_scope::unbounded(request_id));
            if (!result.ok() || !result.response)
                throw_vendor_failure(result, *target.mapping, resource);
        }
        const auto answer = mapping::read_list_page(*list, spec->response, to_mapping_response(*result.response), page);
        ++out.pages;
        std::size_t fresh = 0;
        for (const auto& item : answer.items) {
            auto id = mapping::read_item_id(spec->response, item);
            if (!id) {
                ++out.without_id;
                continue;
            }
            if (seen.insert(*id).second) {
                out.records.push_back({std::move(*id), item});
                ++fresh;
            }
        }
        if (on_page)
            on_page(out.records.size(), out.pages);
        if (!answer.more || fresh == 0)
            break;
        page = answer.next;
    }
    co_return out;
}

} // namespace bridge
