package io.quarkiverse.rekuest.devserver.graphql;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import io.quarkiverse.rekuest.devserver.store.Json;

/** The custom scalars of the rekuest schema: pass-through JSON, ISO-8601 date-times, and string aliases. */
final class Scalars {

    private Scalars() {
    }

    static List<GraphQLScalarType> all() {
        return List.of(json("AnyDefault"), json("Args"), json("Arg"), json("JSON"), json("JSONSerializable"), json("Props"),
                json("MediaLike"), json("_Any"), string("ActionHash"), string("Identifier"), string("SearchQuery"),
                string("ValidatorFunction"), dateTime());
    }

    /**
     * {@code ID} as the spec (and the real server) coerce it: a string or an integer. graphql-java's built-in ID
     * turns any variable value into a string, so an object passed for an ID would reach the fetchers as "{...}".
     */
    static GraphQLScalarType id() {
        GraphQLScalarType builtIn = graphql.Scalars.GraphQLID;
        @SuppressWarnings("unchecked")
        Coercing<Object, Object> lenient = (Coercing<Object, Object>) builtIn.getCoercing();
        return GraphQLScalarType.newScalar(builtIn).coercing(new Coercing<Object, Object>() {
            @Override
            public Object serialize(Object value, GraphQLContext context, Locale locale) {
                return lenient.serialize(value, context, locale);
            }

            @Override
            public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                if (input instanceof String || input instanceof Integer || input instanceof Long
                        || input instanceof java.math.BigInteger) {
                    return lenient.parseValue(input, context, locale);
                }
                throw new CoercingParseValueException("ID cannot represent a non-string, non-integer value: " + input);
            }

            @Override
            public Object parseLiteral(Value<?> literal, CoercedVariables variables, GraphQLContext context, Locale locale) {
                return lenient.parseLiteral(literal, variables, context, locale);
            }
        }).build();
    }

    /** Any JSON value, passed through as maps, lists, numbers, strings and booleans. */
    private static GraphQLScalarType json(String name) {
        return GraphQLScalarType.newScalar().name(name).description("Any JSON value").coercing(new Coercing<Object, Object>() {
            @Override
            public Object serialize(Object value, GraphQLContext context, Locale locale) {
                return value;
            }

            @Override
            public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                return input;
            }

            @Override
            public Object parseLiteral(Value<?> literal, CoercedVariables variables, GraphQLContext context, Locale locale) {
                return literalToJava(literal, variables);
            }
        }).build();
    }

    private static Object literalToJava(Value<?> literal, CoercedVariables variables) {
        if (literal instanceof StringValue s) {
            return s.getValue();
        }
        if (literal instanceof IntValue i) {
            return i.getValue();
        }
        if (literal instanceof FloatValue f) {
            return f.getValue();
        }
        if (literal instanceof BooleanValue b) {
            return b.isValue();
        }
        if (literal instanceof EnumValue e) {
            return e.getName();
        }
        if (literal instanceof NullValue) {
            return null;
        }
        if (literal instanceof VariableReference v) {
            return variables.get(v.getName());
        }
        if (literal instanceof ArrayValue a) {
            return a.getValues().stream().map(v -> literalToJava(v, variables)).toList();
        }
        if (literal instanceof ObjectValue o) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (ObjectField field : o.getObjectFields()) {
                map.put(field.getName(), literalToJava(field.getValue(), variables));
            }
            return map;
        }
        throw new CoercingParseLiteralException("Unsupported JSON literal " + literal);
    }

    private static GraphQLScalarType string(String name) {
        return GraphQLScalarType.newScalar().name(name).coercing(new Coercing<String, String>() {
            @Override
            public String serialize(Object value, GraphQLContext context, Locale locale) {
                return value.toString();
            }

            @Override
            public String parseValue(Object input, GraphQLContext context, Locale locale) {
                if (input instanceof String s) {
                    return s;
                }
                throw new CoercingParseValueException(name + " must be a string, got " + input);
            }

            @Override
            public String parseLiteral(Value<?> literal, CoercedVariables variables, GraphQLContext context, Locale locale) {
                if (literal instanceof StringValue s) {
                    return s.getValue();
                }
                throw new CoercingParseLiteralException(name + " must be a string literal");
            }
        }).build();
    }

    private static GraphQLScalarType dateTime() {
        return GraphQLScalarType.newScalar().name("DateTime").description("ISO-8601 date-time")
                .coercing(new Coercing<OffsetDateTime, String>() {
                    @Override
                    public String serialize(Object value, GraphQLContext context, Locale locale) {
                        if (value instanceof OffsetDateTime t) {
                            return Json.isoDateTime(t);
                        }
                        if (value instanceof java.time.Instant i) {
                            return i.toString();
                        }
                        throw new CoercingSerializeException("Not a date-time: " + value);
                    }

                    @Override
                    public OffsetDateTime parseValue(Object input, GraphQLContext context, Locale locale) {
                        try {
                            return OffsetDateTime.parse(input.toString());
                        } catch (DateTimeParseException e) {
                            throw new CoercingParseValueException("DateTime must be ISO-8601, got " + input);
                        }
                    }

                    @Override
                    public OffsetDateTime parseLiteral(Value<?> literal, CoercedVariables variables, GraphQLContext context,
                            Locale locale) {
                        if (literal instanceof StringValue s) {
                            return parseValue(s.getValue(), context, locale);
                        }
                        throw new CoercingParseLiteralException("DateTime must be a string literal");
                    }
                }).build();
    }
}
