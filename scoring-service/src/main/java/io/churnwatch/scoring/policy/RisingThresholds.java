package io.churnwatch.scoring.policy;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The thresholds rise with the level, and each level's leave score is not above its enter score (the rule of {@code LevelThresholds}). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = RisingThresholds.Validator.class)
public @interface RisingThresholds {

    String message() default "thresholds must rise with the level, and leave must not be above enter";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports each rule broken on the member that breaks it, such as leaveHigh above enterHigh. */
    class Validator implements ConstraintValidator<RisingThresholds, PolicyThresholds> {

        @Override
        public boolean isValid(PolicyThresholds t, ConstraintValidatorContext context) {
            if (t == null
                    || t.enterMedium() == null
                    || t.leaveMedium() == null
                    || t.enterHigh() == null
                    || t.leaveHigh() == null
                    || t.enterCritical() == null
                    || t.leaveCritical() == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            boolean valid = notAbove(context, "leaveMedium", t.leaveMedium(), "enterMedium", t.enterMedium());
            valid &= notAbove(context, "leaveHigh", t.leaveHigh(), "enterHigh", t.enterHigh());
            valid &= notAbove(context, "leaveCritical", t.leaveCritical(), "enterCritical", t.enterCritical());
            valid &= above(context, "enterHigh", t.enterHigh(), "enterMedium", t.enterMedium());
            valid &= above(context, "enterCritical", t.enterCritical(), "enterHigh", t.enterHigh());
            valid &= above(context, "leaveHigh", t.leaveHigh(), "leaveMedium", t.leaveMedium());
            valid &= above(context, "leaveCritical", t.leaveCritical(), "leaveHigh", t.leaveHigh());
            return valid;
        }

        private static boolean notAbove(
                ConstraintValidatorContext context, String member, double value, String other, double bound) {
            return value <= bound
                    || report(context, member, "must not be above " + other + " (" + value + " > " + bound + ")");
        }

        private static boolean above(
                ConstraintValidatorContext context, String member, double value, String other, double bound) {
            return value > bound
                    || report(context, member, "must be above " + other + " (" + value + " <= " + bound + ")");
        }

        private static boolean report(ConstraintValidatorContext context, String member, String message) {
            // The message is literal text: braces in it must not be read as message parameters.
            context.buildConstraintViolationWithTemplate(
                            message.replace("{", "\\{").replace("$", "\\$"))
                    .addPropertyNode(member)
                    .addConstraintViolation();
            return false;
        }
    }
}
