package org.kerys.access.internal;

import org.kerys.identity.AccessPolicy;
import org.kerys.platform.PortalPage;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the layout shows of the access module on every page: {@code unreadNotifications}, the signed-in person's
 * unread notifications (one indexed count; null for visitors), for the header's link.
 */
@ControllerAdvice(annotations = PortalPage.class) // pages only
class AccessPortalAdvice {

	private final AccessRules rules;
	private final Notifications notifications;

	AccessPortalAdvice(AccessRules rules, Notifications notifications) {
		this.rules = rules;
		this.notifications = notifications;
	}

	@ModelAttribute("unreadNotifications")
	Long unreadNotifications() {
		return rules.account(AccessPolicy.caller()).map(notifications::unread).orElse(null);
	}
}
