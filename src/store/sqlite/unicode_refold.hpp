#pragma once
// Migration 6: the look-up keys written before Unicode case folding
// (userName/unique name, displayName, emails: ASCII-folded up to schema 5)
// are folded again the way scim/case_fold.hpp folds now.
//
// Folding an ASCII-folded key gives the same result as folding the original
// text (ASCII folding only lowered A-Z, which Unicode folding lowers alike),
// so the stored keys are enough: the resources' JSON is not read, except to
// name rows in an error.
//
// Two resources whose names were different keys before and are one key now
// (`ÅSA@example.com` and `åsa@example.com`) cannot both keep their unique
// name. The migration then refuses, naming both rows, and its transaction
// rolls back: the file stays at version 5, untouched, and the previous
// build still opens it. Nothing is dropped or renamed behind the operator's
// back; docs/operations.md says how to resolve it.

namespace store {

class connection;

// Runs inside the migration's transaction. Throws sqlite_error (extended
// code SQLITE_CONSTRAINT_UNIQUE) on a collision.
void refold_lookup_keys(connection& conn);

// Migration 9: group member ids are look-up keys too (members.value is not
// case-exact); SQL's lower() folded the ASCII ones, this folds the rest.
void refold_member_ids(connection& conn);

} // namespace store
