package org.kerys.catalog.internal.vocabulary;

import java.util.Locale;

import org.springframework.stereotype.Component;

/** TEMPORARY stand-in until the validation branch lands. */
@Component
public class Vocabulary {

	public String label(String scheme, String code, Locale locale) {
		return code;
	}
}
