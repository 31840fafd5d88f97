#include "json_util.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <random>

namespace vendor_sim {

namespace {

std::mt19937_64& rng() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

// ISO 3166-1 alpha-3, officially assigned codes.
constexpr std::string_view alpha3_codes =
    "ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA "
    "BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN "
    "CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU "
    "EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB "
    "GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL "
    "ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO "
    "LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR "
    "MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER "
    "PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM "
    "SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK "
    "TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM "
    "VUT WLF WSM YEM ZAF ZMB ZWE";

// The areas of the IANA tz database; PHP accepts exactly these prefixes.
constexpr std::string_view tz_areas[] = {"Africa", "America", "Antarctica", "Arctic", "Asia",
                                         "Atlantic", "Australia", "Europe", "Indian", "Pacific"};

}  // namespace

std::optional<json::object> parse_object(std::string_view body) {
  auto value = parse_value(body);
  if (!value || !value->is_object()) return std::nullopt;
  return std::move(value->as_object());
}

std::optional<json::value> parse_value(std::string_view body) {
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  if (ec) return std::nullopt;
  return value;
}

const json::value* present(const json::object& obj, std::string_view key) {
  auto* v = obj.if_contains(key);
  return (v && !v->is_null()) ? v : nullptr;
}

bool is_missing_or_blank(const json::object& obj, std::string_view key) {
  auto* v = present(obj, key);
  if (!v) return true;
  if (auto* s = v->if_string()) {
    return std::all_of(s->begin(), s->end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  }
  return false;
}

std::string string_or(const json::object& obj, std::string_view key, std::string fallback) {
  auto* v = present(obj, key);
  if (v && v->is_string()) return std::string(v->as_string());
  return fallback;
}

bool bool_or(const json::object& obj, std::string_view key, bool fallback) {
  auto* v = present(obj, key);
  if (v && v->is_bool()) return v->as_bool();
  return fallback;
}

std::string iso_time(sys_clock::time_point t) {
  auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
  auto ticks = std::chrono::duration_cast<std::chrono::nanoseconds>(t - secs).count() / 100;
  std::time_t tt = sys_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%07lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(ticks));
  return buf;
}

std::string random_hex(std::size_t digits) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(digits, '0');
  for (auto& c : out) c = hex[rng()() & 0xf];
  return out;
}

std::string random_uuid() {
  auto h = random_hex(32);
  h[12] = '4';                   // version 4
  h[16] = "89ab"[h[16] % 4];      // RFC 4122 variant
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
         h.substr(20);
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
  return to_lower(haystack).find(to_lower(needle)) != std::string::npos;
}

bool is_hex_object_id(std::string_view s) {
  return s.size() == 24 && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

bool is_iana_timezone(std::string_view s) {
  if (s == "UTC") return true;
  auto slash = s.find('/');
  if (slash == std::string_view::npos || slash + 1 >= s.size()) return false;
  auto area = s.substr(0, slash);
  if (std::find(std::begin(tz_areas), std::end(tz_areas), area) == std::end(tz_areas)) return false;
  auto rest = s.substr(slash + 1);
  if (!std::isupper(static_cast<unsigned char>(rest.front()))) return false;
  return std::all_of(rest.begin(), rest.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '/' || c == '-' || c == '+';
  });
}

bool is_iso_alpha3_country(std::string_view s) {
  if (s.size() != 3) return false;
  for (std::size_t i = 0; i + 3 <= alpha3_codes.size(); i += 4) {
    if (alpha3_codes.substr(i, 3) == s) return true;
  }
  return false;
}

bool is_two_letter_code(std::string_view s) {
  return s.size() == 2 && std::isupper(static_cast<unsigned char>(s[0])) && std::isupper(static_cast<unsigned char>(s[1]));
}

bool looks_like_email(std::string_view s) {
  auto at = s.find('@');
  return at != std::string_view::npos && at > 0 && s.find('.', at) != std::string_view::npos &&
         s.back() != '.' && s.find(' ') == std::string_view::npos;
}

bool is_iso_datetime(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS then optional fraction and optional Z or offset.
  static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd";
  if (s.size() < shape.size()) return false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    bool digit = std::isdigit(static_cast<unsigned char>(s[i]));
    if (shape[i] == 'd' ? !digit : s[i] != shape[i]) return false;
  }
  auto rest = s.substr(shape.size());
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
  }
  return rest.empty() || rest == "Z" || ((rest.front() == '+' || rest.front() == '-') && rest.size() == 6);
}

std::vector<std::string> split_csv(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    auto comma = s.find(',');
    auto item = s.substr(0, comma);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

std::optional<std::string> undocumented_member(const json::object& body, std::span<const std::string_view> documented) {
  for (const auto& member : body) {
    if (std::find(documented.begin(), documented.end(), std::string_view(member.key())) == documented.end()) {
      return std::string(member.key());
    }
  }
  return std::nullopt;
}

}  // namespace vendor_sim
