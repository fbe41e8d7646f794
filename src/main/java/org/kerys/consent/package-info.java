/**
 * Consent: organisations' processing records ("treatments") with immutable, hashed published versions; citizens'
 * revocable consents with receipts signed by the platform key; reuse projects asking citizens for their self-data
 * and fetching it, through the gateway, only while a consent is live.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Consent")
package org.kerys.consent;
