package io.churnwatch.alert.delivery;

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
 * link-local, carrier-grade NAT, unique-local, multicast or unspecified address, nor to an IPv6
 * address that carries an IPv4 one (IPv4-compatible, NAT64, 6to4, Teredo) (unless allowed).
 * Checked when a channel is saved and again before every delivery, where the request goes to the
 * address checked here ({@link Target#address()}), never to a second DNS answer; redirects are never
 * followed. Resolves DNS: call it off the event loop.
 */
@ApplicationScoped
public class TargetGuard {

    /** Resolves a host name; {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A checked target: the URL, and the address the request must connect to. */
    public record Target(URI uri, InetAddress address) {}

    private final boolean allowHttp;
    private final boolean allowPrivate;
    private final Resolver resolver;

    @Inject
    public TargetGuard(AlertConfig config) {
        this(config.targets().allowHttp(), config.targets().allowPrivate(), InetAddress::getAllByName);
    }

    public TargetGuard(boolean allowHttp, boolean allowPrivate) {
        this(allowHttp, allowPrivate, InetAddress::getAllByName);
    }

    public TargetGuard(boolean allowHttp, boolean allowPrivate, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** The target as a URI, or a 400 problem saying why it is refused (without echoing the URL, which may hold a secret). */
    public URI check(String url) {
        return resolve(url).uri();
    }

    /**
     * Checks the target and resolves its host once: the request must connect to the returned address (with the
     * URL's host in the Host header and TLS), so that a DNS answer that changes after the check is never used.
     */
    public Target resolve(String url) {
        URI uri = parse(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw refused(allowHttp ? "The target must be an http or https URL" : "The target must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw refused("The target must name a host and carry no user info");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host(uri));
        } catch (UnknownHostException e) {
            throw refused("The target's host does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw refused("The target's host does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!allowPrivate && isInternal(address)) {
                throw refused("The target resolves to a loopback, private or link-local address");
            }
        }
        return new Target(uri, addresses[0]);
    }

    /** The URI's host without the brackets of an IPv6 literal. */
    public static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0
                    || (first == 100 && second >= 64 && second < 128)
                    || (first == 169 && second == 254)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || first >= 240;
        }
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
            if (carriesIpv4(b)) {
                return true;
            }
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

    /**
     * IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96} and {@code 64:ff9b:1::/48}, 6to4 {@code 2002::/16}
     * and Teredo {@code 2001::/32}: each reaches an IPv4 address through a gateway, so none is a webhook target.
     */
    private static boolean carriesIpv4(byte[] b) {
        boolean compatible = zeros(b, 0, 12);
        boolean nat64 = word(b, 0) == 0x64 && word(b, 2) == 0xff9b && (zeros(b, 4, 12) || word(b, 4) == 1);
        boolean sixToFour = word(b, 0) == 0x2002;
        boolean teredo = word(b, 0) == 0x2001 && word(b, 2) == 0;
        return compatible || nat64 || sixToFour || teredo;
    }

    private static int word(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
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
