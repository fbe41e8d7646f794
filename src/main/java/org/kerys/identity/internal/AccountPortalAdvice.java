package org.kerys.identity.internal;

import org.kerys.identity.AccessPolicy;
import org.kerys.platform.PortalPage;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the layout of every page needs to know about the visitor: {@code signedIn}, the login of the signed-in
 * account (null when anonymous), for the header's "Sign in" or "My account" and "Sign out".
 */
@ControllerAdvice(annotations = PortalPage.class) // pages only: not on every API request
class AccountPortalAdvice {

	private final AccessPolicy policy;

	AccountPortalAdvice(AccessPolicy policy) {
		this.policy = policy;
	}

	@ModelAttribute("signedIn")
	String signedIn() {
		Authentication caller = AccessPolicy.caller();
		return policy.isAccount(caller) ? caller.getName() : null;
	}
}
