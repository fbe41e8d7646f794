/**
 * The append-only, hash-chained audit ledger: who did what to which resource, when, with what outcome; and the
 * verification that finds any edit, removal or reordering of its entries.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package org.kerys.audit;
