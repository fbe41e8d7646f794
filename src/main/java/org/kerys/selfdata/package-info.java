/**
 * Self-data: citizens ask producers for the personal data they hold about them (matching through a producer node,
 * the built-in personal-data store, or by hand in OUT mode), see and download it, and see every access to it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Self-data")
package org.kerys.selfdata;
