/**
 * Start-up (embedded PostgreSQL, data directory, secrets), configuration, error handling and commands.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.kerys.platform;
