-- customers with an address outside Japan (the English issue)
SELECT *
FROM customer_view
WHERE country IS NOT NULL AND country NOT IN ('', 'JP')
ORDER BY postal_code, id;
