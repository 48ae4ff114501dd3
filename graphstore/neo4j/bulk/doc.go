// Package bulk writes a merged graph as the CSV files of `neo4j-admin database import full`,
// the offline loader that builds a Neo4j store file directly: on a large graph it is one to
// two orders of magnitude faster than transactional MERGE, at the price of needing an empty
// database and a stopped server.
//
// The files reproduce graphstore/neo4j's data model exactly: the same labels (Entity plus
// one of Person, Organization, Location; Article), relationship types (CO_OCCURS, STANCE,
// MENTIONED_IN) and properties with the same names and types (integers as long, polarity
// as double, vote maps and evidence as parallel arrays, empty values absent): the headers
// and columns come from graphstore/neo4j's property tables (EntityProperties,
// EdgeProperties, …), the same the writer builds its parameters from. After the
// import and the post-import step (see PostImport), graphstore/neo4j's Store.Graph reads
// back the very graph that was written, and its Add keeps working on the database.
//
// One thing CSV cannot express is a one-element array holding the empty string: neo4j-admin
// splits an array field on the delimiter, so a field of n-1 delimiters is n empty strings,
// but an empty field is no array at all. Such a property (a stance's evidence list of one
// sentence whose rule is empty, an alias list of one empty alias) is written absent and
// named in the bulk_empty_singletons marker; PostImport's statements set it to [""] and
// drop the marker. Until they have run, graphstore/neo4j refuses to read the affected
// nodes and edges (their parallel arrays differ in length) rather than misread them.
package bulk
