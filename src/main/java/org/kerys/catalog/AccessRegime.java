package org.kerys.catalog;

/**
 * How a dataset's data may be had: by anyone, by approved reusers, or by each citizen for their own records.
 * Derived from {@code access_condition.confidentiality} ({@code restricted_access}, {@code gdpr_sensitive}).
 */
public enum AccessRegime {
	OPEN, RESTRICTED, SELFDATA;

	public String code() {
		return name().toLowerCase();
	}
}
