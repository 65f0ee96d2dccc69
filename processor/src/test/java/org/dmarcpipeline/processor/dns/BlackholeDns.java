package org.dmarcpipeline.processor.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server that never answers: a UDP socket on loopback that reads every query and drops it,
 * as a firewalled or dead resolver does (case D3). Counts what it dropped.
 */
public final class BlackholeDns implements AutoCloseable {

  private final DatagramSocket socket;
  private final AtomicInteger dropped = new AtomicInteger();
  private final Thread reader;

  private BlackholeDns(DatagramSocket socket) {
    this.socket = socket;
    this.reader = Thread.ofPlatform().daemon().name("blackhole-dns").start(this::drop);
  }

  public static BlackholeDns start() throws SocketException {
    return new BlackholeDns(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Queries read and dropped so far. */
  public int dropped() {
    return dropped.get();
  }

  private void drop() {
    byte[] buffer = new byte[4096];
    while (!socket.isClosed()) {
      try {
        socket.receive(new DatagramPacket(buffer, buffer.length));
        dropped.incrementAndGet();
      } catch (IOException closed) {
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    reader.join();
  }
}
