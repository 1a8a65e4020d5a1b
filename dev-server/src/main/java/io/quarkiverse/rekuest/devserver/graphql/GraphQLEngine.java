package io.quarkiverse.rekuest.devserver.graphql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkiverse.rekuest.devserver.store.RekuestException;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;

/**
 * The GraphQL engine (graphql-java) over the store: the schema in {@code schema.graphqls} (all of the real server's
 * v2.2.0), wired to the fetchers; fields without a fetcher of their own answer through {@link FallbackFetchers}. Parsed and
 * validated documents are cached, so repeated operations skip
 * parsing.
 */
public final class GraphQLEngine {

    private static final String SCHEMA_RESOURCE = "/io/quarkiverse/rekuest/devserver/schema.graphqls";
    private static final int DOCUMENT_CACHE_SIZE = 512;
    /**
     * Longer documents are parsed each time, not cached: the caches are bounded by count, and 512 documents of a
     * megabyte each (a fuzzer's, or a hostile client's) would pin half a gigabyte. Real clients' documents are a few KiB.
     */
    static final int MAX_CACHED_DOCUMENT_CHARS = 16 * 1024;

    private static final java.util.concurrent.atomic.AtomicLong EXECUTION_IDS = new java.util.concurrent.atomic.AtomicLong();

    private final String sdl;
    private final GraphQL graphQL;
    private final AssignFastPath assignFastPath;

    public GraphQLEngine(RekuestStore store) {
        this.sdl = readSchema();
        TypeDefinitionRegistry registry = new SchemaParser().parse(sdl);
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring().wiringFactory(new FallbackFetchers());
        Scalars.all().forEach(wiring::scalar);
        wiring.strictMode(false).scalar(Scalars.id()).strictMode(true); // replaces the built-in, lenient ID
        Filters filters = new Filters(store);
        OrderSpecs orders = new OrderSpecs(store);
        new QueryFetchers(store, filters, orders, sdl).wire(wiring);
        new MutationFetchers(store).wire(wiring);
        new SubscriptionFetchers(store).wire(wiring);
        new TypeFetchers(store, filters, orders).wire(wiring);
        PolymorphicTypes.wire(wiring, registry);
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(registry, wiring.build());
        this.assignFastPath = new AssignFastPath(schema, store);
        this.graphQL = GraphQL.newGraphQL(schema)
                .preparsedDocumentProvider(new DocumentCache())
                // the default provider draws a SecureRandom UUID per execution; a counter is unique enough here
                .executionIdProvider((query, operationName, context) -> graphql.execution.ExecutionId
                        .from(Long.toString(EXECUTION_IDS.incrementAndGet())))
                .defaultDataFetcherExceptionHandler(new ErrorMessages())
                .build();
    }

    /** The SDL this server serves at {@code GET /schema}. */
    public String sdl() {
        return sdl;
    }

    /**
     * Runs one operation for an authenticated caller. Queries and mutations complete synchronously (every fetcher
     * is in-memory); for a subscription the result's data is a {@code Publisher<ExecutionResult>}.
     *
     * @param context extra GraphQL context entries (e.g. the subscription executor)
     */
    public ExecutionResult execute(String query, Map<String, Object> variables, String operationName, Identity caller,
            Map<Object, Object> context) {
        ExecutionInput.Builder input = ExecutionInput.newExecutionInput(query)
                .variables(variables == null ? Map.of() : variables)
                .operationName(operationName)
                .graphQLContext(b -> {
                    b.put(Identity.class, caller);
                    context.forEach(b::put);
                });
        return graphQL.execute(input);
    }

    /**
     * Serves a plain {@code assign} mutation without graphql-java's execution ({@link AssignFastPath}); null when the
     * request needs the general path ({@link #execute}).
     */
    public Map<String, Object> tryAssignFastPath(String query, Map<String, Object> variables, String operationName,
            Identity caller) {
        return assignFastPath.tryServe(query, variables, operationName, caller);
    }

    private static String readSchema() {
        try (InputStream in = GraphQLEngine.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + SCHEMA_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCHEMA_RESOURCE, e);
        }
    }

    /** A bounded cache of parsed and validated documents, keyed by query text. */
    private static final class DocumentCache implements PreparsedDocumentProvider {
        private final Map<String, PreparsedDocumentEntry> cache = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
                Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
            if (input.getQuery().length() > MAX_CACHED_DOCUMENT_CHARS) {
                return CompletableFuture.completedFuture(parseAndValidate.apply(input));
            }
            PreparsedDocumentEntry entry = cache.get(input.getQuery());
            if (entry == null) {
                entry = parseAndValidate.apply(input);
                if (cache.size() >= DOCUMENT_CACHE_SIZE) {
                    cache.clear(); // crude but bounded: a dev server sees few distinct documents
                }
                cache.put(input.getQuery(), entry);
            }
            return CompletableFuture.completedFuture(entry);
        }
    }

    /** Errors carry the store's message as is, like the real server's ValueError messages. */
    private static final class ErrorMessages implements DataFetcherExceptionHandler {
        @Override
        public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
                graphql.execution.DataFetcherExceptionHandlerParameters params) {
            Throwable e = params.getException();
            String message = e instanceof RekuestException ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult()
                    .error(GraphqlErrorBuilder.newError()
                            .message(message)
                            .location(params.getSourceLocation())
                            .path(params.getPath())
                            .build())
                    .build());
        }
    }
}
