package io.quarkiverse.rekuest.devserver.graphql;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkiverse.rekuest.devserver.auth.Identity;

/** The {@code Caller} of a task: the (client, user, organization) that created it, as the real server records it. */
final class Callers {

    private Callers() {
    }

    /** A stable id for the caller triple (the real server numbers its Caller rows). */
    static String id(Identity identity) {
        return identity.clientId() + "/" + identity.sub() + "/" + identity.organization();
    }

    static Map<String, Object> of(Identity identity) {
        Map<String, Object> caller = new LinkedHashMap<>();
        caller.put("id", id(identity));
        caller.put("client", TypeFetchers.client(identity));
        caller.put("user", TypeFetchers.user(identity));
        caller.put("organization", TypeFetchers.organization(identity.organization()));
        return caller;
    }
}
