package io.quarkiverse.rekuest.runtime.tracing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkiverse.rekuest.runtime.RekuestEvents;
import io.quarkus.opentelemetry.runtime.QuarkusContextStorage;

/**
 * The OpenTelemetry spans of the agent and the caller: a {@code SERVER} span per task the agent runs, a {@code CLIENT}
 * span per call. Registered as a bean by the extension only when the application has {@code quarkus-opentelemetry}
 * with traces on: this is the only class that refers to OpenTelemetry, and nothing loads it otherwise.
 * <p>
 * The wire (rekuest v2.2.0) carries no trace context, so a caller's span and the span of the task it created are not
 * parent and child: they share the task id ({@link #TASK_ID}), and the call's span has the parent task's id
 * ({@link #PARENT_ID}); when both are in this application they are also linked to each other. Calls a node makes are
 * children of its task's span: the span is put on the task's duplicated Vert.x context, which the node's thread (event
 * loop, worker or virtual thread) and its {@code Uni} / {@code Multi} run on. See the observability page of the docs.
 */
@Singleton
public class RekuestTracing implements RekuestEvents {

    /** The instrumentation scope of the spans. */
    public static final String SCOPE = "io.quarkiverse.rekuest";

    public static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    public static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    public static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("rekuest.task.id");
    public static final AttributeKey<String> PARENT_ID = AttributeKey.stringKey("rekuest.task.parent_id");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("rekuest.outcome");
    public static final AttributeKey<String> NODE = AttributeKey.stringKey("rekuest.node");
    public static final AttributeKey<String> ACTION = AttributeKey.stringKey("rekuest.action");
    /** On a link: what the linked span is ({@code caller}, {@code task}, {@code parent}). */
    public static final AttributeKey<String> LINK = AttributeKey.stringKey("rekuest.link");
    /** The event a call's span gets when the server created its task (once per assignment, retries included). */
    public static final String ASSIGNED = "rekuest.assigned";
    public static final String SYSTEM = "rekuest";

    private static final Attributes LINK_CALLER = Attributes.of(LINK, "caller");
    private static final Attributes LINK_TASK = Attributes.of(LINK, "task");
    private static final Attributes LINK_PARENT = Attributes.of(LINK, "parent");

    private final Tracer tracer;
    /** Spans of the tasks running here, by task id: linked from their nested tasks, parents of calls that lost it. */
    private final Map<String, TaskTrace> tasks = new ConcurrentHashMap<>();
    /** Calls in flight, by the reference of their latest assignment: an ASSIGN with it is this application's call. */
    private final Map<String, CallTrace> calls = new ConcurrentHashMap<>();

    @Inject
    public RekuestTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(SCOPE);
    }

    private record TaskTrace(String task, Span span) {
    }

    private static final class CallTrace {
        final Span span;
        final String parent;
        /** The reference of the latest assignment, while the call is in flight. */
        volatile String reference;

        CallTrace(Span span, String parent) {
            this.span = span;
            this.parent = parent;
        }
    }

    // =================================================================== agent

    @Override
    public Object taskOpened(String node, String task, JsonNode assign, io.vertx.core.Context context) {
        String parent = text(assign, "parent");
        String reference = text(assign, "reference");
        CallTrace call = reference == null ? null : calls.get(reference);
        if (parent == null && call != null) {
            // v2.2.0 sends no parent on a first ASSIGN; this application's own call knows it
            parent = call.parent;
        }
        // a task starts its own trace: the wire carried no context (linked to its caller when that is in this process)
        SpanBuilder builder = tracer.spanBuilder(node).setNoParent().setSpanKind(SpanKind.SERVER)
                .setAttribute(RPC_SYSTEM, SYSTEM)
                .setAttribute(RPC_METHOD, node)
                .setAttribute(NODE, node)
                .setAttribute(TASK_ID, task);
        if (parent != null) {
            builder.setAttribute(PARENT_ID, parent);
        }
        if (call != null) {
            builder.addLink(call.span.getSpanContext(), LINK_CALLER);
        } else if (parent != null) {
            TaskTrace parentTask = tasks.get(parent);
            if (parentTask != null) {
                builder.addLink(parentTask.span.getSpanContext(), LINK_PARENT);
            }
        }
        Span span = builder.startSpan();
        if (call != null) {
            // the ASSIGN may come before the call learns its task id (or after the call gave up): tell it here too
            call.span.setAttribute(TASK_ID, task);
            call.span.addLink(span.getSpanContext(), LINK_TASK);
        }
        // the node, its Uni / Multi and the calls it makes run on this duplicated context: they see the span as current
        QuarkusContextStorage.INSTANCE.attach(context, Context.root().with(span));
        TaskTrace trace = new TaskTrace(task, span);
        tasks.put(task, trace);
        return trace;
    }

    @Override
    public void taskClosed(Object trace, String outcome, String error, Throwable cause) {
        TaskTrace task = (TaskTrace) trace;
        Span span = task.span;
        span.setAttribute(OUTCOME, outcome);
        if (cause != null) {
            span.recordException(cause);
        }
        // as an RPC server: the task's own failures are errors, being cancelled or interrupted by its caller is not
        if (FAILED.equals(outcome) || CRITICAL.equals(outcome)) {
            span.setAttribute(ERROR_TYPE, cause != null ? cause.getClass().getName() : outcome);
            span.setStatus(StatusCode.ERROR, error != null ? error : outcome);
        }
        span.end();
        tasks.remove(task.task, task);
    }

    // =================================================================== caller

    @Override
    public Object callOpened(String action, String parent) {
        Context context = Context.current();
        if (parent != null) {
            TaskTrace parentTask = tasks.get(parent);
            if (parentTask != null && !sameTrace(Span.fromContext(context), parentTask.span)) {
                // subscribed away from the task's context (another executor, a thread of the node's own): the task's
                // span is the parent all the same
                context = Context.root().with(parentTask.span);
            }
        }
        SpanBuilder builder = tracer.spanBuilder(action).setParent(context).setSpanKind(SpanKind.CLIENT)
                .setAttribute(RPC_SYSTEM, SYSTEM)
                .setAttribute(RPC_METHOD, action)
                .setAttribute(ACTION, action);
        if (parent != null) {
            builder.setAttribute(PARENT_ID, parent);
        }
        return new CallTrace(builder.startSpan(), parent);
    }

    @Override
    public void callSending(Object trace, String reference) {
        CallTrace call = (CallTrace) trace;
        String previous = call.reference;
        if (previous != null) {
            calls.remove(previous, call);
        }
        call.reference = reference;
        calls.put(reference, call);
    }

    @Override
    public void callAssigned(Object trace, String task) {
        CallTrace call = (CallTrace) trace;
        call.span.setAttribute(TASK_ID, task);
        call.span.addEvent(ASSIGNED, Attributes.of(TASK_ID, task));
    }

    @Override
    public void callClosed(Object trace, String outcome, Throwable failure) {
        CallTrace call = (CallTrace) trace;
        Span span = call.span;
        span.setAttribute(OUTCOME, outcome);
        if (failure != null) {
            span.recordException(failure);
        }
        // as an RPC client: every call that did not complete is an error (a cancel by the caller included)
        if (!COMPLETED.equals(outcome)) {
            span.setAttribute(ERROR_TYPE, failure != null ? failure.getClass().getName() : outcome);
            span.setStatus(StatusCode.ERROR, failure != null && failure.getMessage() != null ? failure.getMessage()
                    : outcome);
        }
        span.end();
        String reference = call.reference;
        if (reference != null) {
            calls.remove(reference, call);
        }
    }

    private static boolean sameTrace(Span current, Span task) {
        return current.getSpanContext().isValid()
                && current.getSpanContext().getTraceId().equals(task.getSpanContext().getTraceId());
    }

    private static String text(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
