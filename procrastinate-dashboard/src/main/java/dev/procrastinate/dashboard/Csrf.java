package dev.procrastinate.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The dashboard's CSRF token: random per dashboard instance, written into every form it renders, required on every
 * POST. Another site cannot read the pages (same-origin policy), so it cannot forge the field.
 */
final class Csrf {

    static final String FIELD = "csrf";

    private final String token;

    Csrf() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String token() {
        return token;
    }

    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }
}
