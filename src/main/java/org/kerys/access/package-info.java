/**
 * Restricted data: reuse projects and the public showcase of reuses, access requests to producers, agreements with
 * their conditions (also as ODRL policies), project credentials, and notifications of every transition.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access")
package org.kerys.access;
