package io.cdclake.mskemulator.service;

import io.cdclake.mskemulator.api.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Pagination of List calls. Items are ordered by a stable key (name, then ARN); the token is the opaque, encoded
 * key of the last item returned, so a page boundary survives items added or deleted between calls.
 */
final class Pages {

    record Page<T>(List<T> items, String nextToken) {
    }

    private Pages() {
    }

    static <T> Page<T> page(List<T> all, Function<T, String> name, Function<T, String> arn, int maxResults, String nextToken) {
        Function<T, String> key = item -> name.apply(item) + "\n" + arn.apply(item);
        String after = nextToken == null ? null : decode(nextToken);
        List<T> remaining = all.stream()
                .sorted(Comparator.comparing(key))
                .filter(item -> after == null || key.apply(item).compareTo(after) > 0)
                .toList();
        if (remaining.size() <= maxResults) {
            return new Page<>(remaining, null);
        }
        List<T> items = remaining.subList(0, maxResults);
        return new Page<>(items, encode(key.apply(items.get(items.size() - 1))));
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1\n" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("v1\n")) {
                return decoded.substring(3);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiException.badRequest("nextToken '" + token + "' is invalid: pass the nextToken of the previous response unchanged");
    }
}
