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

import io.quarkiverse.rekuest.Choices;
import io.quarkiverse.rekuest.IsTestFor;
import io.quarkiverse.rekuest.MemoryStructure;
import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.Paragraph;
import io.quarkiverse.rekuest.Port;
import io.quarkiverse.rekuest.PortEffect;
import io.quarkiverse.rekuest.PortGroup;
import io.quarkiverse.rekuest.Returns;
import io.quarkiverse.rekuest.Search;
import io.quarkiverse.rekuest.Slider;
import io.quarkiverse.rekuest.Structure;
import io.quarkiverse.rekuest.StructureHandler;
import io.quarkiverse.rekuest.Task;
import io.quarkiverse.rekuest.Validator;
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
    static final DotName STRUCTURE = DotName.createSimple(Structure.class);
    static final DotName STRUCTURE_HANDLER = DotName.createSimple(StructureHandler.class);
    static final DotName MEMORY_STRUCTURE = DotName.createSimple(MemoryStructure.class);
    static final DotName RETURNS = DotName.createSimple(Returns.class);
    static final DotName SLIDER = DotName.createSimple(Slider.class);
    static final DotName PARAGRAPH = DotName.createSimple(Paragraph.class);
    static final DotName CHOICES = DotName.createSimple(Choices.class);
    static final DotName SEARCH = DotName.createSimple(Search.class);
    static final DotName VALIDATOR = DotName.createSimple(Validator.class);
    static final DotName VALIDATORS = DotName.createSimple(Validator.List.class);
    static final DotName PORT_EFFECT = DotName.createSimple(PortEffect.class);
    static final DotName PORT_EFFECTS = DotName.createSimple(PortEffect.List.class);
    static final DotName PORT_GROUP = DotName.createSimple(PortGroup.class);
    static final DotName PORT_GROUPS = DotName.createSimple(PortGroup.List.class);
    static final DotName IS_TEST_FOR = DotName.createSimple(IsTestFor.class);
    static final DotName IS_TEST_FORS = DotName.createSimple(IsTestFor.List.class);

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
