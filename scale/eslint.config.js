export { default } from "@regiotafel/config/eslint";
