package org.kerys.web;

/** The page asked for does not exist (no such dataset, a page number past the end): answered with a 404 page. */
class PageNotFoundException extends RuntimeException {

	PageNotFoundException() {
		super(null, null, false, false); // a normal outcome: no stack trace to fill
	}
}
