#include "mapping/page_link.hpp"

#include <boost/url.hpp>

#include <algorithm>
#include <cctype>

namespace mapping {
namespace urls = boost::urls;
namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// scheme://host:port with the scheme's default port made explicit.
std::string origin_of(const urls::url_view_base& url)
{
    const std::string scheme = lower(url.scheme());
    const auto port = url.has_port() && !url.port().empty() ? std::string(url.port())
                      : scheme == "https"                    ? std::string("443")
                                                             : std::string("80");
    return scheme + "://" + lower(url.encoded_host()) + ":" + port;
}

// The page's absolute URL, as the connector composes it.
std::string absolute_target(const urls::url_view& base, std::string_view target)
{
    if (target.starts_with("http://") || target.starts_with("https://"))
        return std::string(target);
    std::string path(base.encoded_path());
    if (!path.empty() && path.back() == '/')
        path.pop_back();
    return std::string(base.scheme()) + "://" + std::string(base.encoded_authority()) + path + std::string(target);
}

} // namespace

followed_link follow_page_link(std::string_view base_url, std::string_view page_target, std::string_view link)
{
    const auto base = urls::parse_uri(base_url);
    if (!base)
        return {{}, "the connection's base URL '" + std::string(base_url) + "' is not a URL"};
    const std::string page_url = absolute_target(*base, page_target);   // the view below points into it
    const auto page = urls::parse_uri(page_url);
    const auto reference = urls::parse_uri_reference(link);
    if (!page || !reference)
        return {{}, "the vendor's next-page link '" + std::string(link) + "' is not a URL or path"};
    urls::url resolved;
    if (!urls::resolve(*page, *reference, resolved))
        return {{}, "the vendor's next-page link '" + std::string(link) + "' cannot be resolved"};
    const std::string scheme = lower(resolved.scheme());
    if ((scheme != "http" && scheme != "https") || origin_of(resolved) != origin_of(*base))
        // The query is left out of the message: a link may carry a token.
        return {{},
                "the vendor's next-page link points to " + origin_of(resolved) + ", not to the vendor's origin " +
                    origin_of(*base) + ": not followed"};
    resolved.remove_fragment();
    resolved.normalize_scheme();
    resolved.normalize_authority();
    return {std::string(resolved.buffer()), {}};
}

} // namespace mapping
