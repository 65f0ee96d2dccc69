package org.dmarcpipeline.processor.rdns;

import org.dmarcpipeline.schema.index.RdnsStatus;
import java.net.InetAddress;
import org.dmarcpipeline.processor.alignment.OrganizationalDomains;
import org.dmarcpipeline.processor.dns.DnsAnswer;
import org.dmarcpipeline.processor.dns.DnsQuestion;
import org.dmarcpipeline.processor.dns.DnsResolver;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * Who a source IP says it is: its PTR name, confirmed only when that name resolves back to the IP
 * (a PTR alone is whatever the address owner wants it to be), the name's base domain, and the
 * sending service that base domain belongs to.
 */
public final class ReverseDns {

  /**
   * @param status never null
   * @param name the PTR name, nullable
   * @param baseDomain organizational domain of a confirmed name, nullable
   * @param service known sending service of the base domain, nullable
   * @param serviceType its type, nullable
   */
  public record Result(RdnsStatus status, String name, String baseDomain, String service, String serviceType) {
    static Result of(RdnsStatus status) {
      return new Result(status, null, null, null, null);
    }
  }

  private final SendingServices services;

  public ReverseDns(SendingServices services) {
    this.services = services;
  }

  /** @param address a literal address from the report, never resolved through the system */
  public Result lookup(DnsResolver dns, InetAddress address) {
    DnsAnswer ptr = dns.lookup(new DnsQuestion(ReverseMap.fromAddress(address), Type.PTR));
    if (!(ptr instanceof DnsAnswer.Found found)) {
      return Result.of(status(ptr));
    }
    String name = ((PTRRecord) found.records().get(0)).getTarget().toString();
    String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    int type = address.getAddress().length == 4 ? Type.A : Type.AAAA;
    DnsAnswer forward = dns.lookup(new DnsQuestion(((PTRRecord) found.records().get(0)).getTarget(), type));
    if (forward instanceof DnsAnswer.Found addresses) {
      for (Record record : addresses.records()) {
        InetAddress back = record instanceof ARecord a ? a.getAddress() : ((AAAARecord) record).getAddress();
        if (back.equals(address)) {
          String base = OrganizationalDomains.of(bare);
          var service = services.byBaseDomain(base);
          return new Result(RdnsStatus.CONFIRMED, bare, base, service.map(SendingServices.Service::name).orElse(null),
              service.map(SendingServices.Service::type).orElse(null));
        }
      }
    }
    if (forward instanceof DnsAnswer.TemporaryFailure || forward instanceof DnsAnswer.Unchecked) {
      return new Result(status(forward), bare, null, null, null);
    }
    return new Result(RdnsStatus.UNCONFIRMED, bare, null, null, null);
  }

  private static RdnsStatus status(DnsAnswer answer) {
    return switch (answer) {
      case DnsAnswer.TemporaryFailure failure -> RdnsStatus.TEMPERROR;
      case DnsAnswer.Unchecked over -> RdnsStatus.UNCHECKED;
      default -> RdnsStatus.NONE;
    };
  }
}
