package org.kerys.web;

import java.text.NumberFormat;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** Numbers as people read them, in the page's language: file sizes, coordinates. */
@Component
class Formats {

	private static final int STEP = 1000; // SI units (kB, MB), as the unit names say

	private final MessageSource messages;

	Formats(MessageSource messages) {
		this.messages = messages;
	}

	String size(Long bytes, Locale locale) {
		if (bytes == null) {
			return null;
		}
		double value = bytes;
		int unit = 0;
		while (value >= STEP && unit < 4) {
			value /= STEP;
			unit++;
		}
		NumberFormat number = NumberFormat.getNumberInstance(locale);
		number.setMaximumFractionDigits(unit == 0 ? 0 : 1);
		return messages.getMessage("size.unit." + unit, new Object[] { number.format(value) }, locale);
	}

	String decimal(Double value, Locale locale) {
		if (value == null) {
			return null;
		}
		NumberFormat number = NumberFormat.getNumberInstance(locale);
		number.setMaximumFractionDigits(6);
		return number.format(value);
	}
}
