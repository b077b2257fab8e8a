package io.eventkit.node.federation.api;

import io.eventkit.ca.CaException;
import io.eventkit.ca.PartnerIdentity;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The open connections of the mTLS federation port, so that revoking a partner closes its
 * connections (docs/federation.md §12.2), not only its calls. Connections are registered as the
 * server channel accepts them; a connection belongs to the partner named by the client certificate
 * it authenticated with.
 */
final class InboundConnections {
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();

  /** Goes first in the server channel's pipeline: sees each accepted child channel. */
  ChannelHandler acceptor() {
    return new Acceptor();
  }

  @ChannelHandler.Sharable
  private final class Acceptor extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Channel child) {
        open.add(child);
        // addListener returns the close future itself; nothing to await.
        var unused = child.closeFuture().addListener(f -> open.remove(child));
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** Closes every connection authenticated by a certificate issued to {@code partnerId}. */
  int closeOf(String partnerId) {
    int closed = 0;
    for (Channel c : open) {
      if (partnerId.equals(partnerOf(c))) {
        // Closing is asynchronous on purpose: the channel's close future removes it from open.
        var unused = c.close();
        closed++;
      }
    }
    return closed;
  }

  int size() {
    return open.size();
  }

  private static String partnerOf(Channel c) {
    SslHandler tls = c.pipeline().get(SslHandler.class);
    if (tls == null) {
      return null;
    }
    try {
      Certificate[] chain = tls.engine().getSession().getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
        return PartnerIdentity.fromCertificate(leaf).partnerId().value();
      }
    } catch (SSLPeerUnverifiedException | CaException e) {
      // handshake not finished, or not a partner certificate: not a partner's connection
    }
    return null;
  }
}
