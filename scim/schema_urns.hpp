#pragma once
// The schema and message URNs of RFC 7643 / RFC 7644.

namespace scim::urn {

inline constexpr const char* user = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr const char* group = "urn:ietf:params:scim:schemas:core:2.0:Group";
inline constexpr const char* enterprise_user = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
inline constexpr const char* service_provider_config = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
inline constexpr const char* resource_type = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
inline constexpr const char* schema = "urn:ietf:params:scim:schemas:core:2.0:Schema";
inline constexpr const char* list_response = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
inline constexpr const char* search_request = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
inline constexpr const char* patch_op = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
inline constexpr const char* bulk_request = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
inline constexpr const char* bulk_response = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
inline constexpr const char* error = "urn:ietf:params:scim:api:messages:2.0:Error";

} // namespace scim::urn
