/**
 * Federation: how Kerys exchanges catalogues with other platforms — producer nodes that push to it, catalogues it
 * harvests, and the DCAT-AP and CKAN-compatible APIs through which national and European portals harvest it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Federation")
package org.kerys.federation;
