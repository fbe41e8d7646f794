package org.kerys.access.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in account's notifications about access requests and agreements. */
@RestController
@Tag(name = "Notifications")
class NotificationsController {

	private final Notifications notifications;
	private final AccessRules rules;

	NotificationsController(Notifications notifications, AccessRules rules) {
		this.notifications = notifications;
		this.rules = rules;
	}

	@GetMapping(path = "/api/me/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The caller's notifications", description = """
			Newest first, `limit` (≤ 200, default 50); `unread=true` for the unread ones only. Each names its \
			subject (an access request or an agreement); its `text` is in the language of the request \
			(`Accept-Language`: French by default, or English).""")
	List<Notifications.Notification> list(@RequestParam(defaultValue = "50") int limit,
			@RequestParam(defaultValue = "false") boolean unread, Authentication caller, Locale locale) {
		return notifications.of(rules.requireAccount(caller), ProjectsController.bound(limit), unread, locale);
	}

	@PostMapping(path = "/api/me/notifications/read", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Mark the caller's notifications read", description = "Answers {\"marked\": <how many>}.")
	Map<String, Integer> read(Authentication caller) {
		return Map.of("marked", notifications.markRead(rules.requireAccount(caller)));
	}
}
