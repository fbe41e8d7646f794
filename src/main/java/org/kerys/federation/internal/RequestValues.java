package org.kerys.federation.internal;

import java.util.OptionalInt;

import jakarta.servlet.http.HttpServletRequest;
import org.kerys.platform.KerysProperties;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Reading the requests of the outbound APIs (DCAT-AP, CKAN): the base of the links they answer, whole numbers. */
public final class RequestValues {

	private RequestValues() {
	}

	/** The base of absolute links: {@code kerys.public-url} when set, else the address the request came to. */
	public static String baseUrl(KerysProperties properties, HttpServletRequest request) {
		return properties.baseUrl().isEmpty() ? ServletUriComponentsBuilder.fromContextPath(request).build().toUriString()
				: properties.baseUrl();
	}

	/**
	 * A whole-number parameter from {@code min} to {@code max}; {@code absent} when not given; empty when it is not
	 * such a number (each API answers that in its own way).
	 */
	public static OptionalInt wholeNumber(String value, int min, int max, int absent) {
		if (value == null || value.isBlank()) {
			return OptionalInt.of(absent);
		}
		try {
			int number = Integer.parseInt(value.trim());
			if (number >= min && number <= max) {
				return OptionalInt.of(number);
			}
		}
		catch (NumberFormatException e) {
			// not a whole number
		}
		return OptionalInt.empty();
	}
}
