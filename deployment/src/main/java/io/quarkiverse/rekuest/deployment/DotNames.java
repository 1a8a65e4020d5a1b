package io.quarkiverse.rekuest.deployment;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.jandex.DotName;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.Port;
import io.quarkiverse.rekuest.Task;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The names the build steps look for. */
final class DotNames {

    static final DotName NODE = DotName.createSimple(Node.class);
    static final DotName PORT = DotName.createSimple(Port.class);
    static final DotName TASK = DotName.createSimple(Task.class);

    static final DotName BLOCKING = DotName.createSimple(Blocking.class);
    static final DotName NON_BLOCKING = DotName.createSimple(NonBlocking.class);
    static final DotName RUN_ON_VIRTUAL_THREAD = DotName.createSimple(RunOnVirtualThread.class);

    static final DotName UNI = DotName.createSimple(Uni.class);
    static final DotName MULTI = DotName.createSimple(Multi.class);
    static final DotName COMPLETION_STAGE = DotName.createSimple(CompletionStage.class);
    static final DotName COMPLETABLE_FUTURE = DotName.createSimple(CompletableFuture.class);

    static final DotName STRING = DotName.createSimple(String.class);
    static final DotName CHARACTER = DotName.createSimple(Character.class);
    static final DotName BOOLEAN = DotName.createSimple(Boolean.class);
    static final DotName BYTE = DotName.createSimple(Byte.class);
    static final DotName SHORT = DotName.createSimple(Short.class);
    static final DotName INTEGER = DotName.createSimple(Integer.class);
    static final DotName LONG = DotName.createSimple(Long.class);
    static final DotName BIG_INTEGER = DotName.createSimple(BigInteger.class);
    static final DotName FLOAT = DotName.createSimple(Float.class);
    static final DotName DOUBLE = DotName.createSimple(Double.class);
    static final DotName BIG_DECIMAL = DotName.createSimple(BigDecimal.class);
    static final DotName VOID = DotName.createSimple(Void.class);

    static final DotName INSTANT = DotName.createSimple(Instant.class);
    static final DotName OFFSET_DATE_TIME = DotName.createSimple(OffsetDateTime.class);
    static final DotName ZONED_DATE_TIME = DotName.createSimple(ZonedDateTime.class);
    static final DotName LOCAL_DATE_TIME = DotName.createSimple(LocalDateTime.class);
    static final DotName LOCAL_DATE = DotName.createSimple(LocalDate.class);

    static final DotName LIST = DotName.createSimple(List.class);
    static final DotName SET = DotName.createSimple(Set.class);
    static final DotName COLLECTION = DotName.createSimple(Collection.class);
    static final DotName MAP = DotName.createSimple(Map.class);
    static final DotName OPTIONAL = DotName.createSimple(Optional.class);
    static final DotName OPTIONAL_INT = DotName.createSimple(OptionalInt.class);
    static final DotName OPTIONAL_LONG = DotName.createSimple(OptionalLong.class);
    static final DotName OPTIONAL_DOUBLE = DotName.createSimple(OptionalDouble.class);

    /** The simple name that marks a parameter or record component nullable, whatever its package. */
    static final String NULLABLE_SIMPLE_NAME = "Nullable";

    private DotNames() {
    }
}
