package io.churnwatch.alert.service;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Refuses webhook targets that would let a tenant reach the service's own network (SSRF): only
 * https (unless http is allowed), no user info, and no host that resolves to a loopback, private,
 * link-local, carrier-grade NAT, unique-local, multicast or unspecified address (unless allowed).
 * Checked when a channel is saved and again before every delivery; redirects are never followed.
 * Resolves DNS: call it off the event loop.
 */
@ApplicationScoped
public class TargetGuard {

    private final boolean allowHttp;
    private final boolean allowPrivate;

    @Inject
    public TargetGuard(AlertConfig config) {
        this(config.targets().allowHttp(), config.targets().allowPrivate());
    }

    public TargetGuard(boolean allowHttp, boolean allowPrivate) {
        this.allowHttp = allowHttp;
        this.allowPrivate = allowPrivate;
    }

    /** The target as a URI, or a 400 problem saying why it is refused (without echoing the URL, which may hold a secret). */
    public URI check(String url) {
        URI uri = parse(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw refused(allowHttp ? "The target must be an http or https URL" : "The target must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw refused("The target must name a host and carry no user info");
        }
        if (!allowPrivate) {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(uri.getHost());
            } catch (UnknownHostException e) {
                throw refused("The target's host does not resolve");
            }
            for (InetAddress address : addresses) {
                if (isInternal(address)) {
                    throw refused("The target resolves to a loopback, private or link-local address");
                }
            }
        }
        return uri;
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 169 && second == 254)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || first >= 240;
        }
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
            boolean mappedV4 = isMappedV4(b);
            if (mappedV4) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return uniqueLocal;
        }
        return true;
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static URI parse(String url) {
        if (url == null || url.isBlank() || url.length() > 2048) {
            throw refused("The target must be a URL of at most 2048 characters");
        }
        try {
            return new URI(url.trim());
        } catch (URISyntaxException e) {
            throw refused("The target is not a valid URL");
        }
    }

    private static ProblemException refused(String detail) {
        return ProblemException.of(ProblemType.INVALID_REQUEST, detail);
    }
}
