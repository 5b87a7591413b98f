package io.churnwatch.bench.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback in front of one target (PostgreSQL in the chaos run). {@link #cut()} makes the target
 * unreachable: every live connection is closed (clients see the connection drop) and the listening socket is
 * closed, so new connections are refused; {@link #resume()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final InetSocketAddress target;
    private int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private Thread acceptor;

    private TcpProxy(int port, int targetPort) {
        this.port = port;
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    }

    /** Listens on loopback {@code port} (0: any free port) and forwards to loopback {@code targetPort}. */
    public static TcpProxy start(int port, int targetPort) throws IOException {
        TcpProxy proxy = new TcpProxy(port, targetPort);
        return proxy.listen();
    }

    public synchronized int port() {
        return port;
    }

    /** Connections currently forwarded (two sockets each). */
    public int openConnections() {
        return sockets.size() / 2;
    }

    /** Stops listening and closes every live connection: new connections are refused until {@link #resume()}. */
    public void cut() throws InterruptedException {
        ServerSocket listening;
        Thread accepting;
        synchronized (this) {
            listening = server;
            accepting = acceptor;
            server = null;
            acceptor = null;
        }
        closeQuietly(listening);
        if (accepting != null) {
            // The kernel keeps the socket listening until the thread blocked in accept() has returned.
            accepting.join();
        }
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    /** Listens again on the same port. */
    public synchronized void resume() throws IOException {
        if (server == null) {
            listen();
        }
    }

    @Override
    public void close() throws InterruptedException {
        cut();
    }

    private synchronized TcpProxy listen() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        port = socket.getLocalPort();
        server = socket;
        acceptor = new Thread(() -> accept(socket), "proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException e) {
                return; // cut or closed
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, CONNECT_TIMEOUT_MS);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            synchronized (this) {
                if (server != listening) { // cut while connecting
                    closeQuietly(client);
                    closeQuietly(upstream);
                    return;
                }
                sockets.add(client);
                sockets.add(upstream);
            }
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            out.write(buffer, 0, n);
                        }
                    } catch (IOException e) {
                        // the other side closed, or the proxy cut the connection
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        sockets.remove(from);
                        sockets.remove(to);
                    }
                },
                "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
