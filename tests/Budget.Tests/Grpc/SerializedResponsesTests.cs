using System.Buffers;
using Google.Protobuf;
using Grpc.Core;
using Region.Budget.Data;
using Region.Budget.Domain;
using Region.Budget.Grpc;
using Region.Budget.V1;

namespace Region.Budget.Tests.Grpc;

/// A kept ListBudgetFrames page is serialised once, when kept, and those bytes are what every later
/// call writes (SerializedResponses, bound in place of the generated binding); anything else is
/// serialised per call as before. Whether a change still shows is SubtreeFramesCacheTests' part.
public sealed class SerializedResponsesTests
{
    [Fact]
    public void A_kept_answer_is_written_as_the_bytes_kept_for_it_and_any_other_is_serialised_per_call()
    {
        var binder = new CapturingBinder();
        SerializedResponses.BindService(binder, null!);
        var marshaller = ((Method<ListBudgetFramesRequest, ListBudgetFramesResponse>)binder.Unary["ListBudgetFrames"]).ResponseMarshaller;
        var kept = SerializedResponses.Keep(new ListBudgetFramesResponse { TotalSize = 1, Total = new() { Net = -5 } });
        var keptBytes = kept.ToByteArray();

        // Never done in the service (a kept message must not change): here it shows which bytes are written.
        kept.TotalSize = 2;
        var other = new ListBudgetFramesResponse { TotalSize = 3 };

        Assert.Equal(keptBytes, Written(marshaller, kept));
        Assert.Equal(other.ToByteArray(), Written(marshaller, other));
        Assert.Contains("GetFrame", binder.Unary.Keys);
        Assert.Equal(binder.Unary.Count, BudgetService.Descriptor.Methods.Count(m => !m.IsServerStreaming && !m.IsClientStreaming));
    }

    [Fact]
    public void A_listing_with_frames_keeps_each_page_serialised_and_one_without_builds_it_per_call()
    {
        var frame = new UnitFrame { Unit = new() { Code = "RD" }, Frame = new() { UnitCode = "RD", Year = 2022 }, Rollup = new() };
        var bare = new UnitFrame { Unit = new() { Code = "RS" }, Rollup = new() };
        var withFrames = new SubtreeFrames(new TreeVersion(2, 2), new FramesStamp(1, null), [bare, frame], new FrameAmounts());
        var without = new SubtreeFrames(new TreeVersion(2, 2), new FramesStamp(1, null), [bare], new FrameAmounts());

        var page = withFrames.Page(0, 100);

        Assert.Same(page, withFrames.Page(0, 100));
        Assert.True(SerializedResponses.IsKept(page));
        Assert.Equal(["RS", "RD"], page.Units.Select(u => u.Unit.Code));
        Assert.Equal("RD", withFrames.Page(1, 1).Units.Single().Unit.Code);
        Assert.NotSame(without.Page(0, 100), without.Page(0, 100));
        Assert.False(SerializedResponses.IsKept(without.Page(0, 100)));
    }

    /// What the server writes for a message: the marshaller's payload (grpc-dotnet's contextual serialiser).
    private static byte[] Written<T>(Marshaller<T> marshaller, T message)
    {
        var context = new PayloadContext();
        marshaller.ContextualSerializer(message, context);
        return context.Payload!;
    }

    private sealed class PayloadContext : SerializationContext
    {
        private readonly ArrayBufferWriter<byte> _writer = new();

        public byte[]? Payload { get; private set; }

        public override void Complete(byte[] payload) => Payload = payload;

        public override IBufferWriter<byte> GetBufferWriter() => _writer;

        public override void SetPayloadLength(int payloadLength)
        {
        }

        public override void Complete() => Payload = _writer.WrittenSpan.ToArray();
    }

    private sealed class CapturingBinder : ServiceBinderBase
    {
        public Dictionary<string, object> Unary { get; } = [];

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            Unary[method.Name] = method;

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
        }
    }
}
