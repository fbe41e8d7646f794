/**
 * Search: a Lucene index of the catalogue under the data directory, kept in sync through the catalogue's events,
 * with queries, facets and suggestions ({@code /api/search}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Search")
package org.kerys.search;
