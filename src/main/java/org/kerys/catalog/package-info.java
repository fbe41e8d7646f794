/**
 * The catalogue: producers, contacts, datasets as RUDI metadata, their media descriptors, vocabularies,
 * validation with RUDI error codes, and the RUDI producer API.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Catalogue")
package org.kerys.catalog;
