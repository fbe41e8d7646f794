/**
 * Accounts, personal API tokens, OAuth2 clients of producer nodes, and the one policy that decides who may call
 * what ({@link org.kerys.identity.AccessPolicy}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package org.kerys.identity;
