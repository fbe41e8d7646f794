package org.kerys.identity.internal;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.identity.internal.Invitations.Invitation;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Invitations to join an organisation: sent, listed and revoked by its admins; accepted by whoever has the code. */
@RestController
@Tag(name = "Organisation members")
class InvitationsController {

	private final OrganizationMembers members;

	InvitationsController(OrganizationMembers members) {
		this.members = members;
	}

	record InvitationRequest(String email, String role) {
	}

	record InvitationView(UUID id, String email, String role, @JsonProperty("invited_by") String invitedBy,
			@JsonProperty("created_at") OffsetDateTime createdAt, @JsonProperty("expires_at") OffsetDateTime expiresAt) {

		static InvitationView of(Invitation invitation) {
			return new InvitationView(invitation.id(), invitation.email(), invitation.role().code(),
					invitation.invitedBy(), invitation.createdAt(), invitation.expiresAt());
		}
	}

	record AcceptRequest(String code) {
	}

	record Joined(@JsonProperty("organization_id") UUID organizationId,
			@JsonProperty("organization_name") String organizationName, String role) {
	}

	@PostMapping(path = "/api/organizations/{id}/invitations", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Invite someone to join the organisation", description = """
			The organisation's admins and the administrators (scope organizations.write). Body {"email", "role": \\
			"member" | "editor" | "admin"}. Emails a link with a single-use code, valid 14 days (only its SHA-256 is \\
			kept); a pending invitation of the same address to this organisation is revoked. Answers 201 \\
			{"id", "email", "role", "invited_by", "created_at", "expires_at"}; 400 with field errors (ERR-202 \\
			missing, KRS-400-EMAIL, ERR-302 bad role); 404 KRS-404-ORGANIZATION.""")
	ResponseEntity<InvitationView> invite(@PathVariable String id,
			@RequestBody(required = false) InvitationRequest request, Authentication caller) {
		UUID organization = members.organization(id);
		InvitationRequest asked = request == null ? new InvitationRequest(null, null) : request;
		Invitation invitation = members.invite(organization, asked.email(), asked.role(), caller);
		return ResponseEntity
				.created(URI.create("/api/organizations/" + organization + "/invitations/" + invitation.id()))
				.body(InvitationView.of(invitation));
	}

	@GetMapping(path = "/api/organizations/{id}/invitations", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The organisation's pending invitations", description = """
			Not accepted, revoked or expired; newest first. The organisation's admins and the administrators \\
			(scope organizations.write).""")
	List<InvitationView> list(@PathVariable String id, Authentication caller) {
		return members.invitations(members.organization(id), caller).stream().map(InvitationView::of).toList();
	}

	@DeleteMapping("/api/organizations/{id}/invitations/{invitationId}")
	@Operation(summary = "Revoke an invitation", description = """
			Its link stops working. The organisation's admins and the administrators (scope organizations.write). \\
			204, also when it was revoked already; 404 KRS-404-INVITATION; 409 KRS-409-INVITATION-ACCEPTED.""")
	ResponseEntity<Void> revoke(@PathVariable String id, @PathVariable String invitationId, Authentication caller) {
		members.revoke(members.organization(id), invitationId, caller);
		return ResponseEntity.noContent().build();
	}

	@PostMapping(path = "/api/invitations/accept", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Accept an invitation", description = """
			Any signed-in account (scope organizations.write with a token) with the code of an invitation link, \\
			whatever its email address: the code is the proof. Joins the organisation with the invited role; a \\
			higher role the account already has is kept. Answers {"organization_id", "organization_name", "role"}. \\
			400 ERR-202 without a code; 404 KRS-404-INVITATION for an unknown code; 410 KRS-410-INVITATION-USED, \\
			KRS-410-INVITATION-REVOKED or KRS-410-INVITATION-EXPIRED.""")
	Joined accept(@RequestBody(required = false) AcceptRequest request, Authentication caller) {
		OrganizationMembers.Joined joined = members.accept(request == null ? null : request.code(), caller);
		return new Joined(joined.organizationId(), joined.organizationName(), joined.role().code());
	}
}
