#!/usr/bin/python3
"""PostVouchers from a client nobody at tertial wrote: Debian's python3-grpcio, with stubs
generated here by python3-grpc-tools from tertial's protos (proto/), as an ERP integration
would make them. Posts vouchers to a running tertiald with a bearer token, checks every
answer (accepted, duplicate, rejected with its reason) and then that GetBalances shows the
amounts. Exits non-zero, saying why, on the first surprise.

usage: post_vouchers_client.py PROTO_DIR HOST:PORT TOKEN ORGANISATION
"""

import os
import subprocess
import sys
import tempfile


def generate_stubs(proto_dir, out):
    import grpc_tools

    include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    files = []
    for context in ("common", "ledger"):
        folder = os.path.join(proto_dir, "tertial", context, "v1")
        files += [os.path.join(folder, f) for f in sorted(os.listdir(folder)) if f.endswith(".proto")]
    subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", "-I", proto_dir, "-I", include,
         "--python_out", out, "--grpc_python_out", out] + files,
        check=True)
    sys.path.insert(0, out)


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    proto_dir, target, token, org = sys.argv[1:5]
    with tempfile.TemporaryDirectory() as out:
        generate_stubs(proto_dir, out)
        import grpc
        from tertial.ledger.v1 import service_pb2 as pb
        from tertial.ledger.v1 import service_pb2_grpc as rpc
        from tertial.ledger.v1 import events_pb2 as events

        metadata = (("authorization", "Bearer " + token),)
        channel = grpc.insecure_channel(target)
        stub = rpc.LedgerServiceStub(channel)

        def voucher(number, ore, unit="EKS", sender_id=""):
            v = pb.VoucherToPost(series="E", number=number, text="Hyra från ERP", sender_id=sender_id)
            v.date.year, v.date.month, v.date.day = 2021, 5, 12
            v.lines.add(account="5010", amount_ore=ore,
                        objects=[events.ObjectRef(dimension=1, object_id=unit)])
            v.lines.add(account="1930", amount_ore=-ore)
            return v

        def post(*requests):
            answers = stub.PostVouchers(iter(requests), metadata=metadata, timeout=30)
            return list(answers)

        def balance():
            request = pb.GetBalancesRequest(organisation=org, group_by=[pb.GROUP_BY_ACCOUNT])
            request.range.first.year, request.range.first.month = 2021, 5
            request.range.last.year, request.range.last.month = 2021, 5
            rows = stub.GetBalances(request, metadata=metadata, timeout=30).rows
            return sum(r.actual_ore for r in rows if r.account == "5010")

        before = balance()
        unbalanced = voucher("2", 700)
        unbalanced.lines[1].amount_ore = -600
        first = pb.PostVouchersRequest(organisation=org, sender="python-erp", request_id="r1",
                                       vouchers=[voucher("1", 123456), unbalanced])
        second = pb.PostVouchersRequest(organisation=org, sender="python-erp", request_id="r2",
                                        vouchers=[voucher("", 500, sender_id="erp-77")])
        # Two requests on one stream: one answer each, in order.
        answers = post(first, second)
        if len(answers) != 2:
            fail("expected 2 answers, got %d" % len(answers))
        a = answers[0].answers
        if [x.outcome for x in a] != [pb.VOUCHER_OUTCOME_ACCEPTED, pb.VOUCHER_OUTCOME_REJECTED]:
            fail("first request: %s" % answers[0])
        if not answers[0].import_id or a[0].import_id != answers[0].import_id:
            fail("the accepted voucher names no batch: %s" % answers[0])
        reason = a[1].errors[0]
        if reason.field != "#VER" or "does not balance" not in reason.message or reason.line != 2:
            fail("the unbalanced voucher's reason: %s" % reason)
        if answers[1].answers[0].outcome != pb.VOUCHER_OUTCOME_ACCEPTED:
            fail("second request: %s" % answers[1])
        print("posted: accepted %s, rejected: %s: %s" % (a[0].number, reason.field, reason.message))

        # The same again, on a new stream: duplicates, nothing appended.
        again = post(first, second)
        if again[0].answers[0].outcome != pb.VOUCHER_OUTCOME_DUPLICATE or \
           again[0].answers[0].import_id != answers[0].import_id or \
           again[1].answers[0].outcome != pb.VOUCHER_OUTCOME_DUPLICATE or again[0].import_id:
            fail("sent again: %s %s" % (again[0], again[1]))
        # The same key with other content.
        changed = post(pb.PostVouchersRequest(organisation=org, vouchers=[voucher("1", 1)]))[0]
        if changed.answers[0].outcome != pb.VOUCHER_OUTCOME_REJECTED or \
           "other content" not in changed.answers[0].errors[0].message:
            fail("changed content: %s" % changed)
        print("again: duplicate; changed: %s" % changed.answers[0].errors[0].message)

        after = balance()
        if after - before != 123456 + 500:
            fail("GetBalances: 5010 in 2021-05 went from %d to %d, expected +%d" %
                 (before, after, 123456 + 500))
        print("balances: 5010 2021-05 %d -> %d" % (before, after))

        # Without a token the call is refused.
        try:
            list(stub.PostVouchers(iter([first]), timeout=30))
            fail("posted without a token")
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.UNAUTHENTICATED:
                fail("without a token: %s" % e.code())
        channel.close()
    print("ok")


if __name__ == "__main__":
    main()
