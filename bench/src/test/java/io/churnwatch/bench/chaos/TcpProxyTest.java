package io.churnwatch.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void startEchoServerBehindProxy() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket client = echo.accept();
                    Thread connection = new Thread(() -> {
                        try (client;
                                InputStream in = client.getInputStream();
                                OutputStream out = client.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        server.setDaemon(true);
        server.start();
        proxy = TcpProxy.start(0, echo.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBothWays() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "ping")).isEqualTo("ping");
            assertThat(proxy.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void cutDropsLiveConnectionsAndRefusesNewOnesUntilResumed() throws Exception {
        Socket live = connect();
        assertThat(roundTrip(live, "before")).isEqualTo("before");
        int port = proxy.port();

        proxy.cut();

        live.setSoTimeout(5_000);
        assertThat(live.getInputStream().read()).isEqualTo(-1);
        assertThat(proxy.openConnections()).isZero();
        assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);

        proxy.resume();

        assertThat(proxy.port()).isEqualTo(port);
        try (Socket again = connect()) {
            assertThat(roundTrip(again, "after")).isEqualTo("after");
        }
        live.close();
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        socket.setSoTimeout(5_000);
        byte[] sent = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(sent);
        socket.getOutputStream().flush();
        byte[] received = socket.getInputStream().readNBytes(sent.length);
        return new String(received, StandardCharsets.UTF_8);
    }
}
