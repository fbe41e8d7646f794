/**
 * The blob store (local files by default) and media upload and download, with checksums.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Storage")
package org.kerys.storage;
