#pragma once
// The names of the closed set of transforms, apart from their arguments:
// placeholders name them too (`${scim.userName|soql}`).

namespace mapping {

enum class transform_kind {
    upper,
    lower,
    trim,
    default_value,  // default: X      absent/empty -> X
    text_template,  // template: "…"   renders with ${value} and the usual placeholders (concat)
    value_map,      // map: {table, default, reverse_default}
    date,           // date: {from, to}
    boolean,        // boolean: {true: X, false: Y}
    country,        // country: alpha2 | alpha3
    language,       // language: bcp47 | posix | language_upper | language_lower | posix_doubled
    time_zone,      // time_zone: iana | utc_offset
    reference,      // reference: User | Group   (SCIM id <-> vendor id through the correlation table)
    integer,        // integer                   decimal text -> JSON integer (back: the text)
    array,          // array                     a value -> [value] (back: the first element)
    odata,          // odata                     ' -> '' (a string literal of an OData $filter)
    soql,           // soql                      \ ' " and controls backslash-escaped (SOQL/SOSL literal)
    url,            // url                       percent-encoded (a value inside a URL the template builds)
    truncate,       // truncate: N               at most N characters (code points), never a split one
};

} // namespace mapping
