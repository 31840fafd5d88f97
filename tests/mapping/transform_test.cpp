// Value transforms: country codes (every ISO 3166-1 code, both ways),
// language tags, time zones, dates, booleans, value maps.

#include "mapping/country_codes.hpp"
#include "mapping/time_zones.hpp"
#include "mapping/transform.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace mapping;
namespace json = boost::json;

namespace {

json::value forward(const transform& t, json::value in)
{
    auto out = apply_forward(t, std::move(in), {});
    REQUIRE(out.error.empty());
    return out.value;
}

json::value reverse(const transform& t, json::value in)
{
    auto out = apply_reverse(t, std::move(in), {});
    REQUIRE(out.error.empty());
    return out.value;
}

} // namespace

TEST_CASE("every ISO 3166-1 country code converts alpha-2 <-> alpha-3 and back")
{
    // ICU's region data: 249 officially assigned codes (ISO 3166-1 since
    // South Sudan, 2011), without the reserved or user-assigned ones ICU
    // also knows (DG, EA, IC, XK).
    const auto& table = all_country_codes();
    REQUIRE(table.size() == 249);
    std::set<std::string> alpha3;
    for (const auto& p : table) {
        INFO(p.alpha2);
        CHECK(country_alpha2_to_alpha3(p.alpha2) == std::optional<std::string>(p.alpha3));
        CHECK(country_alpha3_to_alpha2(p.alpha3) == std::optional<std::string>(p.alpha2));
        alpha3.insert(p.alpha3);
    }
    CHECK(alpha3.size() == 249);
    for (const char* not_official : {"DG", "EA", "IC", "XK"}) {
        INFO(not_official);
        CHECK_FALSE(country_alpha2_to_alpha3(not_official));
    }
    CHECK(country_alpha2_to_alpha3("ss") == std::optional<std::string>("SSD"));
    CHECK(country_alpha3_to_alpha2("deu") == std::optional<std::string>("DE"));
    transform t;
    t.kind = transform_kind::country;
    t.country = country_form::alpha3;
    CHECK(forward(t, "gb") == "GBR");
    CHECK(reverse(t, "tur") == "TR");
    CHECK_FALSE(apply_forward(t, "XX", {}).error.empty());
    CHECK_FALSE(apply_reverse(t, "GB", {}).error.empty());
}

TEST_CASE("language tags convert between forms")
{
    struct row {
        const char* in;
        language_form form;
        const char* out;
    };
    const row rows[] = {
        {"en-US", language_form::posix, "en_US"},        {"en_gb", language_form::bcp47, "en-GB"},
        {"EN", language_form::language_lower, "en"},     {"tr-TR", language_form::language_upper, "TR"},
        {"ru", language_form::posix_doubled, "ru_RU"},   {"en-US", language_form::posix_doubled, "en_EN"},
        {"zh-hant-tw", language_form::bcp47, "zh-Hant-TW"}, {"es-419", language_form::posix, "es_419"},
    };
    for (const auto& r : rows) {
        INFO(r.in << " -> " << to_string(r.form));
        CHECK(convert_language_tag(r.in, r.form) == std::optional<std::string>(r.out));
    }
    CHECK(language_tag_to_bcp47("en_EN", language_form::posix_doubled) == std::optional<std::string>("en"));
    CHECK(language_tag_to_bcp47("en_GB", language_form::posix) == std::optional<std::string>("en-GB"));
    CHECK_FALSE(convert_language_tag("english", language_form::posix));
    CHECK_FALSE(convert_language_tag("e", language_form::posix));
}

TEST_CASE("language tags are read by ICU: malformed tags and unsupported parts are refused")
{
    for (const char* wrong : {"en-", "-en", "en--US", "ru-RU-RU", "en_US.UTF-8", "123", "de-DE-1996",
                              "en-u-ca-gregory", "en-US-x-private", ""}) {
        INFO(wrong);
        CHECK_FALSE(convert_language_tag(wrong, language_form::bcp47));
    }
    // Grandfathered tags become their modern form.
    CHECK(convert_language_tag("i-klingon", language_form::bcp47) == std::optional<std::string>("tlh"));
    CHECK(convert_language_tag("SR_latn_rs", language_form::posix) == std::optional<std::string>("sr_Latn_RS"));
}

TEST_CASE("time zones: IANA names to UTC offsets and back")
{
    struct row {
        const char* zone;
        const char* offset;
    };
    const row rows[] = {
        {"Europe/Istanbul", "UTC+3"}, {"Europe/London", "UTC+0"},   {"America/New_York", "UTC-5"},
        {"Asia/Kolkata", "UTC+5:30"}, {"Asia/Kathmandu", "UTC+5:45"}, {"America/St_Johns", "UTC-3:30"},
        {"UTC", "UTC+0"},             {"europe/berlin", "UTC+1"},   {"Etc/GMT-3", "UTC+3"},
    };
    transform t;
    t.kind = transform_kind::time_zone;
    t.zone = time_zone_form::utc_offset;
    for (const auto& r : rows) {
        INFO(r.zone);
        CHECK(forward(t, r.zone) == r.offset);
    }
    CHECK(reverse(t, "UTC+3") == "Etc/GMT-3");
    CHECK(reverse(t, "UTC-5") == "Etc/GMT+5");
    CHECK(reverse(t, "UTC+5:30") == "Asia/Kolkata");
    CHECK(reverse(t, "UTC+0") == "UTC");
    CHECK(parse_utc_offset("+03:00") == 180);
    CHECK(parse_utc_offset("GMT-0230") == -150);
    CHECK_FALSE(parse_utc_offset("UTC+15"));
    CHECK_FALSE(apply_forward(t, "Mars/Olympus", {}).error.empty());
    // Every zone of the system's tzdata has a plausible standard offset
    // that renders back to itself and to a zone with the same offset.
    const auto& zones = all_time_zones();
    CHECK(zones.size() > 400);
    for (const auto& z : zones) {
        INFO(z.name);
        CHECK(z.standard_offset_minutes >= -12 * 60);
        CHECK(z.standard_offset_minutes <= 14 * 60);
        CHECK(parse_utc_offset(format_utc_offset(z.standard_offset_minutes)) == z.standard_offset_minutes);
        CHECK(standard_offset_minutes(*zone_for_offset(z.standard_offset_minutes)) == z.standard_offset_minutes);
    }
}

TEST_CASE("time zones come from the system's tzdata, current rules and all")
{
    transform t;
    t.kind = transform_kind::time_zone;
    t.zone = time_zone_form::utc_offset;
    // Recent rule changes arrive with tzdata updates, not with an edit here:
    // Nuuk moved its standard time to UTC-2 in 2023; Ciudad Juarez became a
    // zone of its own in 2022 (ICU 72's built-in copy, tzdata 2022e, has
    // neither).
    CHECK(forward(t, "America/Nuuk") == "UTC-2");
    CHECK(forward(t, "America/Ciudad_Juarez") == "UTC-7");
    // Standard, not daylight, offsets, whatever the season: Dublin's legal
    // standard time is its summer time (IANA marks its winter as the saving).
    CHECK(forward(t, "Europe/Dublin") == "UTC+1");
    CHECK(forward(t, "Australia/Sydney") == "UTC+10");
    CHECK(forward(t, "America/Santiago") == "UTC-4");
    // Links (backward names) are zones too, in any case.
    CHECK(forward(t, "asia/calcutta") == "UTC+5:30");
    transform iana;
    iana.kind = transform_kind::time_zone;
    iana.zone = time_zone_form::iana;
    CHECK(forward(iana, "EUROPE/KYIV") == "Europe/Kyiv");
    CHECK(forward(iana, "US/Eastern") == "US/Eastern");
    CHECK_FALSE(apply_forward(iana, "London/Europe", {}).error.empty());
    CHECK_FALSE(apply_forward(iana, "posix/Europe/London", {}).error.empty());
}

TEST_CASE("dates convert between forms through UTC")
{
    struct row {
        json::value in;
        date_form from, to;
        json::value out;
    };
    const row rows[] = {
        {"2017-10-06T14:51:38Z", date_form::iso8601, date_form::sql_datetime, "2017-10-06 14:51:38"},
        {"2017-10-06T16:51:38+02:00", date_form::iso8601, date_form::sql_datetime, "2017-10-06 14:51:38"},
        {"2017-10-06T14:51:38.250Z", date_form::iso8601, date_form::iso8601_millis, "2017-10-06T14:51:38.250Z"},
        {"2017-10-06 14:51:38", date_form::sql_datetime, date_form::iso8601, "2017-10-06T14:51:38Z"},
        {"2017-10-06T14:51:38Z", date_form::iso8601, date_form::date, "2017-10-06"},
        {"2017-10-06T14:51:38Z", date_form::iso8601, date_form::epoch_seconds, 1507301498},
        {1507301498000, date_form::epoch_millis, date_form::iso8601, "2017-10-06T14:51:38Z"},
        {"1969-12-31T23:59:59Z", date_form::iso8601, date_form::epoch_seconds, -1},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        transform t;
        t.kind = transform_kind::date;
        t.from = r.from;
        t.to = r.to;
        CHECK(forward(t, r.in) == r.out);
    }
    transform t;
    t.kind = transform_kind::date;
    t.to = date_form::sql_datetime;
    CHECK(reverse(t, "2017-10-06 14:51:38") == "2017-10-06T14:51:38Z");
    CHECK_FALSE(apply_forward(t, "2017-02-30T00:00:00Z", {}).error.empty());
    CHECK_FALSE(apply_forward(t, "yesterday", {}).error.empty());
}

TEST_CASE("booleans, value maps, case, trim and defaults")
{
    transform b;
    b.kind = transform_kind::boolean;
    b.true_form = "Y";
    b.false_form = "N";
    CHECK(forward(b, true) == "Y");
    CHECK(forward(b, "False") == "N");
    CHECK(reverse(b, "y") == true);
    CHECK(reverse(b, "N") == false);
    CHECK_FALSE(apply_reverse(b, "maybe", {}).error.empty());

    transform m;
    m.kind = transform_kind::value_map;
    m.table = {{"Female", "F"}, {"Male", "M"}};
    m.map_default = "X";
    CHECK(forward(m, "female") == "F");
    CHECK(forward(m, "other") == "X");
    CHECK(forward(m, nullptr) == "X");
    CHECK(reverse(m, "M") == "Male");
    CHECK(reverse(m, "Q").is_null());
    m.map_default = nullptr;
    CHECK_FALSE(apply_forward(m, "other", {}).error.empty());

    transform u;
    u.kind = transform_kind::upper;
    CHECK(forward(u, "abc") == "ABC");
    CHECK(forward(u, nullptr).is_null());
    transform tr;
    tr.kind = transform_kind::trim;
    CHECK(forward(tr, "  a b \n") == "a b");
    transform d;
    d.kind = transform_kind::default_value;
    d.argument = "none";
    CHECK(forward(d, "") == "none");
    CHECK(forward(d, "x") == "x");
}

TEST_CASE("integer: decimal text becomes a JSON integer, and back to text")
{
    transform t;
    t.kind = transform_kind::integer;
    CHECK(forward(t, "360").as_int64() == 360);
    CHECK(forward(t, "-7").as_int64() == -7);
    CHECK(forward(t, "9223372036854775807").as_int64() == 9223372036854775807LL);
    CHECK(forward(t, 42).as_int64() == 42);   // already one
    CHECK(forward(t, nullptr).is_null());     // absent stays absent
    CHECK(forward(t, "").is_null());          // so does an emptied value
    for (const char* wrong : {"abc", "3.5", "1e3", "+7", " 7", "7 ", "-", "99999999999999999999", "0x10"}) {
        INFO(wrong);
        auto out = apply_forward(t, wrong, {});
        CHECK(out.error == "'" + std::string(wrong) + "' is not an integer");
    }
    CHECK_FALSE(apply_forward(t, true, {}).error.empty());
    CHECK_FALSE(apply_forward(t, 2.5, {}).error.empty());
    CHECK(reverse(t, 360) == "360");          // SCIM keeps numbers such as employeeNumber as strings
    CHECK(reverse(t, "E-1") == "E-1");
}

TEST_CASE("references resolve through the correlation callback")
{
    transform t;
    t.kind = transform_kind::reference;
    t.reference_type = "User";
    reference_lookup lookup = [](std::string_view type, std::string_view id, lookup_direction d) -> std::optional<std::string> {
        if (type != "User")
            return std::nullopt;
        if (d == lookup_direction::scim_to_vendor && id == "scim-1")
            return "V-1";
        if (d == lookup_direction::vendor_to_scim && id == "V-1")
            return "scim-1";
        return std::nullopt;
    };
    transform_context context{nullptr, &lookup};
    CHECK(apply_forward(t, "scim-1", context).value == "V-1");
    CHECK(apply_forward(t, "scim-2", context).value.is_null());
    CHECK(apply_reverse(t, "V-1", context).value == "scim-1");
}
