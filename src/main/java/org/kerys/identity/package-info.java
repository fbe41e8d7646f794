/**
 * Accounts, login and the rules of who may call what. For now: the bootstrap {@code admin} account and
 * HTTP Basic on the write API.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package org.kerys.identity;
